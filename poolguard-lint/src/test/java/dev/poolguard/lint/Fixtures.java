package dev.poolguard.lint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * The fixture sources and the findings their markers call for: {@code // expect: rule-id, rule-id} (reported, and
 * right), {@code // wrong: rule-id} (reported, and a reader would not agree), {@code // missed: rule-id} (a reader
 * would report it; the lint does not).
 */
final class Fixtures {

    static final Path ROOT = Path.of("src/test/resources/fixtures");
    static final Path CORPUS = Path.of("src/test/resources/corpus");


    private Fixtures() {
    }

    static Path dir(String name) {
        return ROOT.resolve(name);
    }

    /** {@code path:line rule-id} for every finding the lint must report: {@code expect} and {@code wrong} markers. */
    static List<String> expected(Path dir) {
        List<String> expected = new ArrayList<>(markers(dir, "expect"));
        expected.addAll(markers(dir, "wrong"));
        return expected;
    }

    /** {@code path:line rule-id} for every marker of this kind under the directory. */
    static List<String> markers(Path dir, String kind) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = CorpusScore.MARKER.matcher(lines.get(i));
                    while (m.find()) {
                        if (m.group(1).equals(kind)) {
                            for (String rule : m.group(2).split("\\s*,\\s*")) {
                                found.add(file.toString().replace('\\', '/') + ":" + (i + 1) + " " + rule);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    static List<String> actual(LintReport report) {
        return report.findings().stream().map(f -> f.path() + ":" + f.line() + " " + f.rule().id()).toList();
    }

    static Finding findingAt(LintReport report, String fileName, int line) {
        return findingAt(report, fileName, line, null);
    }

    static Finding findingAt(LintReport report, String fileName, int line, Rule rule) {
        return report.findings().stream()
                .filter(f -> f.path().endsWith("/" + fileName) && f.line() == line && (rule == null || f.rule() == rule))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no finding at " + fileName + ":" + line + " in " + actual(report)));
    }
}
