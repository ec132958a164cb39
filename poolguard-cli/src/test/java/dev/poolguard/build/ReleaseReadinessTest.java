package dev.poolguard.build;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a release needs from the POMs: every library module is in the BOM users import, and the POMs carry the license,
 * SCM and developers a repository like Maven Central asks for (the release profile adds sources and javadoc jars).
 */
class ReleaseReadinessTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** Applications and the BOM itself: built here, not depended on. */
    private static final Set<String> NOT_LIBRARIES = Set.of("poolguard-bom", "poolguard-cli", "poolguard-bench",
            "poolguard-example-calls", "poolguard-example-spring");

    static List<String> modules() throws IOException {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theBomAlignsEveryLibraryModule() throws IOException {
        String bom = Files.readString(ROOT.resolve("poolguard-bom/pom.xml"));
        List<String> libraries = modules().stream().filter(m -> !NOT_LIBRARIES.contains(m)).toList();
        assertThat(libraries).isNotEmpty().allSatisfy(m -> assertThat(bom).as("poolguard-bom manages " + m)
                .contains("<artifactId>" + m + "</artifactId>"));
    }

    @Test
    void thePomsCarryLicenseScmAndDevelopersAndTheReleaseProfile() throws IOException {
        for (String pom : List.of("pom.xml", "poolguard-bom/pom.xml")) {
            String text = Files.readString(ROOT.resolve(pom));
            assertThat(text).as(pom).contains("<licenses>", "<scm>", "<developers>", "<url>");
        }
        assertThat(Files.readString(ROOT.resolve("pom.xml"))).contains("<id>release</id>", "maven-source-plugin", "maven-javadoc-plugin");
        assertThat(ROOT.resolve("LICENSE")).isRegularFile();
    }
}
