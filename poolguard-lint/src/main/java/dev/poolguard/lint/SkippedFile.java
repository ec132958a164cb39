package dev.poolguard.lint;

/**
 * A file the lint could not check (missing, unreadable, or not parsable as Java); the run went on without it.
 *
 * @param line 1-based, or 0 when the reason has no position
 */
public record SkippedFile(String path, int line, String reason) {

    /** {@code src/Broken.java:3: skipped: not parsable as Java: ...} */
    public String toText() {
        return path + (line > 0 ? ":" + line : "") + ": skipped: " + reason;
    }
}
