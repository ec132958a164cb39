package dev.poolguard.lint;

/**
 * One thing a rule found.
 *
 * @param path   the file as the user named it (relative paths stay relative), with {@code /} separators
 * @param line   1-based
 * @param column 1-based
 * @param message what is wrong, without a trailing period
 * @param fix    what to write instead
 */
public record Finding(String path, int line, int column, Rule rule, String message, String fix) {

    /** {@code path:line: [rule-id] message. Fix: hint} */
    public String toText() {
        return path + ":" + line + ": [" + rule.id() + "] " + message + ". Fix: " + fix;
    }
}
