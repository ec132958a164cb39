package dev.poolguard.build;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ./mvnw} runs the Maven it downloads: the wrapper pins that download's SHA-256, the pin matches Apache's
 * distribution, and the wrapper refuses anything else. The wrapper is run against a local server (MVNW_REPOURL) that
 * serves the distribution from the local repository, as is and with one byte changed.
 */
class MavenWrapperTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static Properties wrapperProperties() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties"))) {
            p.load(in);
        }
        return p;
    }

    @Test
    void theWrapperPinsTheSha256OfTheMavenItDownloadsAndRefusesAnyOther(@TempDir Path tmp) throws Exception {
        Properties p = wrapperProperties();
        String pinned = p.getProperty("distributionSha256Sum");
        assertThat(pinned).as("distributionSha256Sum in .mvn/wrapper/maven-wrapper.properties").isNotNull().matches("[0-9a-f]{64}");

        String url = p.getProperty("distributionUrl");
        String repoPath = url.substring(url.indexOf("/org/apache/maven/"));
        Path local = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"))
                .resolve(repoPath.substring(1));
        assumeTrue(Files.isRegularFile(local), "skipped: " + local + " is not in the local repository; fetch it with"
                + " ./mvnw dependency:get -Dartifact=org.apache.maven:apache-maven:<version>:zip:bin");
        byte[] genuine = Files.readAllBytes(local);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(genuine)))
                .as("the pin is the SHA-256 of " + local.getFileName()).isEqualTo(pinned);

        byte[] tampered = genuine.clone();
        tampered[tampered.length / 2] ^= 1;
        assertThat(runWrapper(tmp.resolve("tampered"), repoPath, tampered))
                .contains("Failed to validate Maven distribution SHA-256").doesNotContain("Apache Maven 3");
        assertThat(runWrapper(tmp.resolve("genuine"), repoPath, genuine)).contains("Apache Maven " + version(url));
    }

    private static String version(String url) {
        return url.replaceAll(".*/apache-maven-([^/]+)-bin\\.zip$", "$1");
    }

    /** {@code ./mvnw --version} with an empty Maven home, downloading {@code zip} from a server of its own. */
    private static String runWrapper(Path userHome, String repoPath, byte[] zip) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            boolean found = exchange.getRequestURI().getPath().equals(repoPath);
            exchange.sendResponseHeaders(found ? 200 : 404, found ? zip.length : -1);
            if (found) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(zip);
                }
            }
            exchange.close();
        });
        server.start();
        try {
            ProcessBuilder pb = new ProcessBuilder("sh", ROOT.resolve("mvnw").toString(), "--version")
                    .directory(ROOT.toFile()).redirectErrorStream(true);
            pb.environment().put("MAVEN_USER_HOME", userHome.toString());
            pb.environment().put("MVNW_REPOURL", "http://127.0.0.1:" + server.getAddress().getPort());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = pb.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return output;
        } finally {
            server.stop(0);
        }
    }
}
