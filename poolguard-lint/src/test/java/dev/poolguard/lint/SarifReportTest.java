package dev.poolguard.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The SARIF output has every field SARIF 2.1.0 and code-scanning uploads require, checked by parsing it. */
class SarifReportTest {

    private final LintReport report = new Linter(List.of("com.acme.db"))
            .lint(List.of(Fixtures.ROOT));
    private final JsonNode sarif;

    SarifReportTest() throws Exception {
        sarif = new ObjectMapper().readTree(SarifReport.toJson(report));
    }

    @Test
    void declaresTheSchemaAndVersion() {
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.path("$schema").asText()).isEqualTo(
                "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
        assertThat(sarif.path("runs")).hasSize(1);
    }

    @Test
    void theDriverNamesItselfAndEveryRuleWithItsIdAndLevel() {
        JsonNode driver = sarif.path("runs").path(0).path("tool").path("driver");
        assertThat(driver.path("name").asText()).isEqualTo("poolguard-lint");
        assertThat(driver.path("version").asText()).isEqualTo("0.1.0-SNAPSHOT");

        List<String> ids = new ArrayList<>();
        for (JsonNode rule : driver.path("rules")) {
            ids.add(rule.path("id").asText());
            assertThat(rule.path("shortDescription").path("text").asText()).isNotBlank();
            assertThat(rule.path("help").path("text").asText()).isNotBlank();
            assertThat(rule.path("defaultConfiguration").path("level").asText()).isIn("error", "warning");
        }
        assertThat(ids).containsExactly("connection-leak", "pool-bypass", "fetch-all-then-filter", "fire-and-forget");
    }

    @Test
    void everyFindingIsAResultWithRuleLevelMessageAndLocation() {
        JsonNode results = sarif.path("runs").path(0).path("results");
        assertThat(results).hasSize(report.findings().size());
        assertThat(report.findings()).hasSize(12 + 8 + 8 + 1);

        Set<String> ruleIds = Set.of("connection-leak", "pool-bypass", "fetch-all-then-filter", "fire-and-forget");
        for (int i = 0; i < results.size(); i++) {
            JsonNode result = results.get(i);
            Finding finding = report.findings().get(i);
            assertThat(result.path("ruleId").asText()).isIn(ruleIds).isEqualTo(finding.rule().id());
            assertThat(result.path("ruleIndex").asInt()).isEqualTo(finding.rule().ordinal());
            assertThat(result.path("level").asText()).isEqualTo(finding.rule().level());
            assertThat(result.path("message").path("text").asText())
                    .isEqualTo(finding.message() + ". Fix: " + finding.fix());
            JsonNode location = result.path("locations").path(0).path("physicalLocation");
            assertThat(location.path("artifactLocation").path("uri").asText()).isEqualTo(finding.path());
            assertThat(location.path("artifactLocation").path("uriBaseId").asText()).isEqualTo("%SRCROOT%");
            assertThat(location.path("region").path("startLine").asInt()).isEqualTo(finding.line()).isPositive();
            assertThat(location.path("region").path("startColumn").asInt()).isEqualTo(finding.column());
        }
        assertThat(results.get(0).path("locations").path(0).path("physicalLocation").path("artifactLocation")
                .path("uri").asText()).isEqualTo("src/test/resources/fixtures/connection/com/acme/calls/CallDao.java");
    }

    @Test
    void skippedFilesAreToolExecutionNotifications() {
        JsonNode invocation = sarif.path("runs").path(0).path("invocations").path(0);
        assertThat(invocation.path("executionSuccessful").asBoolean()).isTrue();

        JsonNode notifications = invocation.path("toolExecutionNotifications");
        assertThat(notifications).hasSize(1);
        JsonNode broken = notifications.get(0);
        assertThat(broken.path("level").asText()).isEqualTo("error");
        assertThat(broken.path("message").path("text").asText()).startsWith("skipped: not parsable as Java: ");
        JsonNode location = broken.path("locations").path(0).path("physicalLocation");
        assertThat(location.path("artifactLocation").path("uri").asText())
                .isEqualTo("src/test/resources/fixtures/unparsable/Broken.java");
        assertThat(location.path("region").path("startLine").asInt()).isEqualTo(4);
    }

    @Test
    void noticesAreNoteLevelNotifications() throws Exception {
        LintReport withNotice = new LintReport(List.of(), List.of(),
                List.of(new Notice("src/Legacy.java", "not valid UTF-8, read as ISO-8859-1")), 1);
        JsonNode n = new ObjectMapper().readTree(SarifReport.toJson(withNotice))
                .at("/runs/0/invocations/0/toolExecutionNotifications/0");

        assertThat(n.path("level").asText()).isEqualTo("note");
        assertThat(n.at("/message/text").asText()).isEqualTo("not valid UTF-8, read as ISO-8859-1");
        assertThat(n.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("src/Legacy.java");
    }

    @Test
    void aCleanRunHasAnEmptyResultsArray() throws Exception {
        JsonNode clean = new ObjectMapper().readTree(SarifReport.toJson(new LintReport(List.of(), List.of(), List.of(), 3)));

        assertThat(clean.path("runs").path(0).path("results").isArray()).isTrue();
        assertThat(clean.path("runs").path(0).path("results")).isEmpty();
        assertThat(clean.path("runs").path(0).path("invocations").path(0).path("toolExecutionNotifications")).isEmpty();
    }

    @Test
    void pathsWithSpacesAreEncodedAndAbsolutePathsAreFileUris() throws Exception {
        Finding spaced = new Finding("src/main/java/My App/A.java", 3, 5, Rule.FIRE_AND_FORGET, "m", "f");
        Finding absolute = new Finding("/work/app/src/B.java", 4, 1, Rule.CONNECTION_LEAK, "m", "f");
        JsonNode json = new ObjectMapper().readTree(SarifReport.toJson(new LintReport(List.of(spaced, absolute), List.of(), List.of(), 2)));

        JsonNode results = json.path("runs").path(0).path("results");
        assertThat(results.get(0).at("/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("src/main/java/My%20App/A.java");
        assertThat(results.get(1).at("/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("file:///work/app/src/B.java");
        assertThat(results.get(1).at("/locations/0/physicalLocation/artifactLocation/uriBaseId").isMissingNode()).isTrue();
    }
}
