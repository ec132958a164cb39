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
        String url = p.getProperty("distributionUrl");
        check(tmp.resolve("zip"), url, p.getProperty("distributionSha256Sum"), null);
    }

    /** Without unzip the wrapper fetches the .tar.gz, whose sum is pinned too (a two-line patch of ./mvnw). */
    @Test
    void withoutUnzipTheWrapperChecksTheTarGzAgainstItsOwnPin(@TempDir Path tmp) throws Exception {
        Properties p = wrapperProperties();
        String url = p.getProperty("distributionUrl").replaceAll("\\.zip$", ".tar.gz");
        check(tmp.resolve("targz"), url, p.getProperty("distributionSha256SumTarGz"), pathWithout("unzip", tmp.resolve("bin")));
    }

    private static void check(Path tmp, String url, String pinned, String path) throws Exception {
        assertThat(pinned).as("the SHA-256 pin for " + url).isNotNull().matches("[0-9a-f]{64}");
        String repoPath = url.substring(url.indexOf("/org/apache/maven/"));
        Path local = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"))
                .resolve(repoPath.substring(1));
        assertThat(local).as("poolguard-cli's test dependencies on apache-maven must match the wrapper's version").isRegularFile();
        byte[] genuine = Files.readAllBytes(local);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(genuine)))
                .as("the pin is the SHA-256 of " + local.getFileName()).isEqualTo(pinned);

        byte[] tampered = genuine.clone();
        tampered[tampered.length / 2] ^= 1;
        assertThat(runWrapper(tmp.resolve("tampered"), repoPath, tampered, path))
                .contains("Failed to validate Maven distribution SHA-256").doesNotContain("Apache Maven 3");
        assertThat(runWrapper(tmp.resolve("genuine"), repoPath, genuine, path)).contains("Apache Maven " + version(url));
    }

    /** A PATH of links to every program on this one but {@code program}. */
    private static String pathWithout(String program, Path bin) throws IOException {
        Files.createDirectories(bin);
        for (String dir : System.getenv("PATH").split(":")) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (var files = Files.list(d)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path link = bin.resolve(f.getFileName());
                    if (!f.getFileName().toString().equals(program) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, f);
                    }
                }
            }
        }
        return bin.toString();
    }

    private static String version(String url) {
        return url.replaceAll(".*/apache-maven-([^/]+)-bin\\.(zip|tar\\.gz)$", "$1");
    }

    /** {@code ./mvnw --version} with an empty Maven home, downloading {@code zip} from a server of its own. */
    private static String runWrapper(Path userHome, String repoPath, byte[] zip, String path) throws Exception {
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
            if (path != null) {
                pb.environment().put("PATH", path);
            }
            Process process = pb.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return output;
        } finally {
            server.stop(0);
        }
    }
}
