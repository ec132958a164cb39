package dev.poolguard.lint;

/** Something the user should know about a file that was still checked: {@code src/Legacy.java: not valid UTF-8, read as ISO-8859-1}. */
public record Notice(String path, String message) {

    public String toText() {
        return path + ": " + message;
    }
}
