package dev.poolguard.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes generated sections into {@code BENCHMARKS.md} between {@code <!-- poolguard-bench:begin KEY -->} and
 * {@code <!-- poolguard-bench:end KEY -->}: a rerun replaces its own section in place, a new one is appended, and
 * everything outside the markers (sections other work wrote, hand-written notes) is kept as it is.
 */
public final class BenchmarksFile {

    private BenchmarksFile() {
    }

    public static String begin(String key) {
        return "<!-- poolguard-bench:begin " + key + " -->";
    }

    public static String end(String key) {
        return "<!-- poolguard-bench:end " + key + " -->";
    }

    /** Puts {@code markdown} in the section {@code key} of {@code file}, creating the file if needed. */
    public static void update(Path file, String key, String markdown) {
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, replace(text, key, markdown), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not update " + file, e);
        }
    }

    static String replace(String text, String key, String markdown) {
        String begin = begin(key);
        String end = end(key);
        String section = begin + "\n" + markdown.strip() + "\n" + end;
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (from >= 0 && to >= 0) {
            return text.substring(0, from) + section + text.substring(to + end.length());
        }
        String base = text.endsWith("\n") ? text : text + "\n";
        return base + "\n" + section + "\n";
    }
}
