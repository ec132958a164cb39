package dev.poolguard.lint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A {@link LintReport} as SARIF 2.1.0, the format code-scanning tools (GitHub code scanning among them) import.
 * Findings become {@code results}; skipped files become {@code toolExecutionNotifications} of level {@code error}
 * and notices (a file read in the fallback charset) of level {@code note}, on the one invocation.
 * Relative paths stay relative to {@code %SRCROOT%}, so run the lint from the repository root.
 */
public final class SarifReport {

    static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    static final String TOOL_NAME = "poolguard-lint";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SarifReport() {
    }

    public static String toJson(LintReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();

        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", TOOL_NAME);
        driver.put("version", version());
        ArrayNode rules = driver.putArray("rules");
        for (Rule rule : Rule.values()) {
            ObjectNode r = rules.addObject();
            r.put("id", rule.id());
            r.putObject("shortDescription").put("text", rule.title());
            r.putObject("fullDescription").put("text", rule.description());
            r.putObject("help").put("text", rule.fix());
            r.putObject("defaultConfiguration").put("level", rule.level());
        }

        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", true);
        ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
        for (SkippedFile skipped : report.skipped()) {
            ObjectNode n = notifications.addObject();
            n.put("level", "error");
            n.putObject("message").put("text", "skipped: " + skipped.reason());
            ObjectNode location = n.putArray("locations").addObject().putObject("physicalLocation");
            artifact(location, skipped.path());
            if (skipped.line() > 0) {
                location.putObject("region").put("startLine", skipped.line());
            }
        }

        for (Notice notice : report.notices()) {
            ObjectNode n = notifications.addObject();
            n.put("level", "note");
            n.putObject("message").put("text", notice.message());
            artifact(n.putArray("locations").addObject().putObject("physicalLocation"), notice.path());
        }

        ArrayNode results = run.putArray("results");
        for (Finding finding : report.findings()) {
            ObjectNode result = results.addObject();
            result.put("ruleId", finding.rule().id());
            result.put("ruleIndex", finding.rule().ordinal());
            result.put("level", finding.rule().level());
            result.putObject("message").put("text", finding.message() + ". Fix: " + finding.fix());
            ObjectNode location = result.putArray("locations").addObject().putObject("physicalLocation");
            artifact(location, finding.path());
            ObjectNode region = location.putObject("region");
            region.put("startLine", Math.max(1, finding.line()));
            if (finding.column() > 0) {
                region.put("startColumn", finding.column());
            }
        }
        try {
            return JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a tree of strings and numbers always serialises
        }
    }

    /** A relative path as a relative URI under {@code %SRCROOT%}; an absolute one as a {@code file:} URI. */
    private static void artifact(ObjectNode physicalLocation, String path) {
        ObjectNode artifact = physicalLocation.putObject("artifactLocation");
        Path p = Path.of(path);
        if (p.isAbsolute()) {
            artifact.put("uri", p.toUri().toString());
            return;
        }
        try {
            artifact.put("uri", new URI(null, null, path, null).toASCIIString());
        } catch (URISyntaxException e) {
            artifact.put("uri", path);
        }
        artifact.put("uriBaseId", "%SRCROOT%");
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = SarifReport.class.getResourceAsStream("/poolguard-lint.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through: the version is informational
        }
        return p.getProperty("version", "unknown");
    }
}
