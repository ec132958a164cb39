package dev.poolguard.lint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The fixture sources and the findings their {@code // expect: rule-id} markers call for. */
final class Fixtures {

    static final Path ROOT = Path.of("src/test/resources/fixtures");

    private static final Pattern EXPECT = Pattern.compile("//\\s*expect:\\s*([a-z-]+)");

    private Fixtures() {
    }

    static Path dir(String name) {
        return ROOT.resolve(name);
    }

    /** {@code path:line rule-id} for every marker under the directory. */
    static List<String> expected(Path dir) {
        List<String> expected = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = EXPECT.matcher(lines.get(i));
                    if (m.find()) {
                        expected.add(file.toString().replace('\\', '/') + ":" + (i + 1) + " " + m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return expected;
    }

    static List<String> actual(LintReport report) {
        return report.findings().stream().map(f -> f.path() + ":" + f.line() + " " + f.rule().id()).toList();
    }

    static Finding findingAt(LintReport report, String fileName, int line) {
        return report.findings().stream()
                .filter(f -> f.path().endsWith("/" + fileName) && f.line() == line)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no finding at " + fileName + ":" + line + " in " + actual(report)));
    }
}
