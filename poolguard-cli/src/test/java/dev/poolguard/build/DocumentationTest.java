package dev.poolguard.build;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation a reader follows: every relative link leads to a file and a heading that exist, every Java example
 * marked as a snippet is the code a test compiles and runs, the README stays an index (at most 15 KB), and nothing
 * points outside the repository.
 */
class DocumentationTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");
    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: ([^#\\s]+)#([\\w-]+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

    static List<Path> documents() {
        List<Path> docs = new ArrayList<>();
        for (String name : List.of("README.md", "ARCHITECTURE.md", "BENCHMARKS.md", "CHANGELOG.md")) {
            if (Files.exists(ROOT.resolve(name))) {
                docs.add(ROOT.resolve(name));
            }
        }
        try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        String s = heading.strip().toLowerCase(Locale.ROOT).replaceAll("[`*_]", "");
        return s.replaceAll("[^\\p{L}\\p{N}\\- ]", "").replace(' ', '-');
    }

    static Set<String> anchors(Path doc) throws IOException {
        Set<String> out = new HashSet<>();
        String text = withoutCode(Files.readString(doc));
        Matcher m = HEADING.matcher(text);
        while (m.find()) {
            out.add(anchor(m.group(1)));
        }
        return out;
    }

    /** The text without fenced code blocks, where '#' lines are comments and '](' is code. */
    static String withoutCode(String text) {
        return text.replaceAll("(?s)```.*?```", "");
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndAHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            Matcher m = LINK.matcher(withoutCode(Files.readString(doc)));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http(s), mailto
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " (no such file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void snippetsAreTheCodeTestsRun() throws IOException {
        int checked = 0;
        List<String> drifted = new ArrayList<>();
        for (Path doc : documents()) {
            Matcher m = SNIPPET.matcher(Files.readString(doc));
            while (m.find()) {
                checked++;
                Path source = ROOT.resolve(m.group(1));
                assertThat(source).as("snippet source of " + ROOT.relativize(doc)).isRegularFile();
                String region = region(Files.readString(source), m.group(2));
                assertThat(region).as("'// snippet: " + m.group(2) + "' in " + m.group(1)).isNotNull();
                if (!region.equals(m.group(3))) {
                    drifted.add(ROOT.relativize(doc) + " snippet " + m.group(2) + " differs from " + m.group(1) + ":\n" + region);
                }
            }
        }
        assertThat(checked).as("snippets found").isPositive();
        assertThat(drifted).isEmpty();
    }

    /** The lines between {@code // snippet: name} and {@code // end snippet}, with their common indentation removed. */
    static String region(String source, String name) {
        List<String> lines = source.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("// snippet: " + name)) {
                start = i + 1;
                break;
            }
        }
        if (start < 0) {
            return null;
        }
        List<String> body = new ArrayList<>();
        for (int i = start; i < lines.size() && !lines.get(i).strip().equals("// end snippet"); i++) {
            body.add(lines.get(i));
        }
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    /**
     * Every class ARCHITECTURE.md names (a capitalised name in backticks or in its diagrams, before a dot, a
     * parenthesis or on its own) is a class of this repository or one of the libraries it names; every
     * {@code Class.method} in it is a method that class declares.
     */
    @Test
    void architectureNamesOnlyClassesAndMethodsThatExist() throws IOException {
        Set<String> external = Set.of("Bearer", "ClassValue", "Connection", "DataSource", "DriverManager", "Hibernate", "HikariCP",
                "HikariDataSource", "HikariPool", "HttpExchange", "HttpServer", "Jackson", "JavaParser", "Javalin", "JdbcClient", "Jetty",
                "MessageDigest", "MeterBinder", "MiB", "PlatformTransactionManager", "Poolguard", "PrometheusMeterRegistry", "Spring",
                "StackWalker", "Thread", "ThreadLocal", "Throwable", "TransactionExecutionListener", "TransactionInterceptor",
                "Transactional", "Twilio", "Signature");
        Map<String, List<String>> declared = new HashMap<>(); // type name -> sources of the files declaring it
        Pattern declaration = Pattern.compile("\\b(?:class|record|interface|enum) ([A-Z]\\w*)");
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/target/")).toList()) {
                String source = Files.readString(f);
                Matcher d = declaration.matcher(source);
                while (d.find()) {
                    declared.computeIfAbsent(d.group(1), k -> new ArrayList<>()).add(source);
                }
            }
        }
        String text = Files.readString(ROOT.resolve("ARCHITECTURE.md"));
        Set<String> missing = new java.util.TreeSet<>();
        Matcher code = Pattern.compile("```(.*?)```|`([^`]+)`", Pattern.DOTALL).matcher(text);
        Pattern name = Pattern.compile("\\b([A-Z][a-z]+[A-Za-z0-9]*)(?![*\\w])(?:\\.([a-z]\\w*))?");
        while (code.find()) {
            String span = code.group(1) != null ? code.group(1) : code.group(2);
            Matcher n = name.matcher(span);
            while (n.find()) {
                String type = n.group(1);
                List<String> sources = declared.get(type);
                if (external.contains(type)) {
                    continue;
                }
                if (sources == null) {
                    missing.add(type + " (no such class)");
                } else if (n.group(2) != null && sources.stream().noneMatch(src -> Pattern.compile("\\b" + n.group(2) + "\\b").matcher(src).find())) {
                    missing.add(type + "." + n.group(2) + " (no such member)");
                }
            }
        }
        assertThat(missing).as("names in ARCHITECTURE.md").isEmpty();
    }

    @Test
    void theReadmeIsAnIndexNotAManual() throws IOException {
        assertThat(Files.size(ROOT.resolve("README.md"))).as("README.md bytes").isLessThanOrEqualTo(15 * 1024);
    }

    /**
     * No file of the project (docs, sources, build files) cites material outside the repository, or "the seeds" users
     * never saw: the incidents are described in docs/incidents.md.
     */
    @Test
    void nothingPointsOutsideTheRepository() throws IOException {
        Pattern outsideRef = Pattern.compile("\\.\\./shared/|(?i:the seeds\\b|seeds['])");
        List<String> outside = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(Files::isRegularFile).filter(DocumentationTest::isProjectText).toList()) {
                if (f.getFileName().toString().equals("DocumentationTest.java")) {
                    continue; // the pattern itself
                }
                if (outsideRef.matcher(Files.readString(f)).find()) {
                    outside.add(ROOT.relativize(f).toString());
                }
            }
        }
        assertThat(outside).as("files that cite material outside the repository").isEmpty();
    }

    private static boolean isProjectText(Path f) {
        String path = ROOT.relativize(f).toString();
        if (path.startsWith(".git/") || path.contains("/target/") || path.startsWith("target/") || path.contains("node_modules/")) {
            return false;
        }
        return path.matches(".*\\.(md|java|xml|properties|yml|yaml|json|sql|sh|txt)$") || path.startsWith(".ci/");
    }
}
