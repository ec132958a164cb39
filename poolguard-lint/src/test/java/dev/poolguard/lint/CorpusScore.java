package dev.poolguard.lint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Per-rule precision and recall of a lint run on the corpus, from its markers ({@code expect}/{@code missed}: a reader
 * would report it; anything else reported is wrong). Reads the run's text output on stdin, so it scores any version
 * of the lint, the one before the rules were split included ({@code raw-connection} findings count as leaks or as
 * bypasses by their message, as the old message said). JDK only, so it runs as a source file:
 *
 * <pre>
 * for p in poolguard-lint/src/test/resources/corpus/*&#47;; do ./poolguard lint --config "$p/poolguard-lint.yml" "$p/src"; done \
 *   | java poolguard-lint/src/test/java/dev/poolguard/lint/CorpusScore.java poolguard-lint/src/test/resources/corpus
 * </pre>
 */
public final class CorpusScore {

    static final List<String> RULES = List.of("connection-leak", "pool-bypass", "fetch-all-then-filter", "fire-and-forget");

    /** {@code // expect: rule-id, rule-id}, {@code // wrong: ..}, {@code // missed: ..}. */
    static final Pattern MARKER = Pattern.compile("//\\s*(expect|wrong|missed):\\s*([a-z-]+(?:\\s*,\\s*[a-z-]+)*)");
    private static final Pattern FINDING = Pattern.compile("^(.*?):(\\d+): \\[([a-z-]+)\\] (.*)$");

    private CorpusScore() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ... | java CorpusScore.java CORPUS_DIR   (lint text output on stdin)");
            System.exit(2);
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        System.out.print(score(Path.of(args[0]), lines));
    }

    /** The table: rule, findings, right, wrong, missed, precision, recall. */
    static String score(Path corpus, List<String> output) {
        Set<String> truth = truth(corpus);
        Set<String> reported = new TreeSet<>();
        for (String line : output) {
            Matcher m = FINDING.matcher(line);
            if (m.matches()) {
                reported.add(key(m.group(1)) + ":" + m.group(2) + " " + rule(m.group(3), m.group(4)));
            }
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-22s %8s %6s %6s %7s %10s %7s%n",
                "rule", "findings", "right", "wrong", "missed", "precision", "recall"));
        for (String rule : RULES) {
            long right = reported.stream().filter(r -> r.endsWith(" " + rule) && truth.contains(r)).count();
            long wrong = reported.stream().filter(r -> r.endsWith(" " + rule) && !truth.contains(r)).count();
            long missed = truth.stream().filter(t -> t.endsWith(" " + rule) && !reported.contains(t)).count();
            table.append(String.format(Locale.ROOT, "%-22s %8d %6d %6d %7d %10s %7s%n", rule, right + wrong, right, wrong,
                    missed, percent(right, right + wrong), percent(right, right + missed)));
        }
        return table.toString();
    }

    /** {@code file:line rule} for every {@code expect} and {@code missed} marker, file relative to the corpus. */
    static Set<String> truth(Path corpus) {
        Set<String> truth = new HashSet<>();
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = MARKER.matcher(lines.get(i));
                    while (m.find()) {
                        if (!m.group(1).equals("wrong")) {
                            for (String rule : m.group(2).split("\\s*,\\s*")) {
                                truth.add(key(corpus.relativize(file).toString()) + ":" + (i + 1) + " " + rule);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return truth;
    }

    /** A path as printed, from the project folder on: {@code chat-server/src/org/...}. */
    private static String key(String path) {
        String p = path.replace('\\', '/');
        int corpus = p.lastIndexOf("corpus/");
        return corpus >= 0 ? p.substring(corpus + "corpus/".length()) : p;
    }

    /** The rule id; the lint before the split said leak or bypass in the message of one rule, raw-connection. */
    private static String rule(String id, String message) {
        if (!id.equals("raw-connection")) {
            return id;
        }
        return message.contains("bypassing Poolguard") || message.contains("creates a connection pool")
                ? "pool-bypass" : "connection-leak";
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : Math.round(100.0 * part / whole) + "%";
    }
}
