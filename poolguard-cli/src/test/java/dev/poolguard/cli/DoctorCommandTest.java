package dev.poolguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.poolguard.Database;
import dev.poolguard.embedded.EmbeddedPostgresServer;
import dev.poolguard.embedded.SharedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code ./poolguard doctor}: exit status, text and JSON (validated against the documented schema), nothing secret. */
class DoctorCommandTest {

    private static final String DB = "doctor_cli";
    private static final String ROLE = "doctor_cli_pw";
    private static final String PASSWORD = "Cli-s3cret-pw";
    private static final Path SCHEMA = Path.of("..", "docs", "doctor-report.schema.json");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void database() {
        EmbeddedPostgresServer server = SharedPostgres.server();
        server.execute("drop database if exists " + DB);
        server.execute("create database " + DB);
        server.execute("alter database " + DB + " set idle_in_transaction_session_timeout = '60s'");
        server.createPasswordRole(ROLE, PASSWORD);
    }

    @AfterEach
    void environment() {
        DoctorCommand.environment = System::getenv;
    }

    private static String url() {
        return "postgres://postgres@127.0.0.1:" + SharedPostgres.server().port() + "/" + DB;
    }

    private int doctor(String... args) {
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "doctor";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void aHealthyDatabaseExitsZeroWithTheUrlFromTheEnvironment() {
        DoctorCommand.environment = () -> Map.of("DATABASE_URL", url(), "POOLGUARD_MAX_POOL_SIZE", "10");

        assertThat(doctor()).as(out + "\n" + err).isZero();
        assertThat(out.toString()).startsWith("Poolguard doctor · " + url() + "\n")
                .contains("INFO     sizing       Recommended pool size per instance: 10",
                        "pool 10 × 1 instance = 10", "idle_in_transaction_session_timeout    1 min")
                .endsWith("Nothing above INFO.\n");
    }

    @Test
    void plantedProblemsExitOneAndTheJsonMatchesTheSchema() throws Exception {
        try (Database db = Database.builder().url(url()).applicationName("calls-api").maxPoolSize(2).minIdle(0).build()) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Boolean> open = CompletableFuture.supplyAsync(() -> db.transaction(tx -> {
                tx.update("create temporary table cli_marker (id int)");
                return awaitRelease(release);
            }));
            await().atMost(Duration.ofSeconds(10)).until(() -> idleInTransaction("calls-api") == 1);
            String[] args = {url(), "--pool-size", "200", "--instances", "2", "--hold-threshold", "0s",
                    "--application-name", "calls-api"};

            assertThat(doctor(args)).as(err.toString()).isEqualTo(1);
            String text = out.toString();
            assertThat(text).contains(
                    "ERROR    connections  Pool size × instances (400) exceeds the server's 297 usable connections",
                    "WARNING  holders      A session is idle in transaction for ",
                    "opened at dev.poolguard.cli.DoctorCommandTest.plantedProblemsExitOneAndTheJsonMatchesTheSchema(DoctorCommandTest.java:",
                    "Findings above INFO: exit status 1.");

            out.getBuffer().setLength(0);
            String[] json = List.of(args).toArray(new String[args.length + 2]);
            json[args.length] = "--format";
            json[args.length + 1] = "json";
            assertThat(doctor(json)).isEqualTo(1);
            JsonNode report = new ObjectMapper().readTree(out.toString());
            assertThat(schema().validate(report)).as("schema errors").isEmpty();
            assertThat(report.at("/budget/demand").asInt()).isEqualTo(400);
            assertThat(report.at("/findings/0/code").asText()).isEqualTo("connections.over-budget");
            assertThat(report.at("/findings/0/severity").asText()).isEqualTo("ERROR");
            assertThat(report.at("/pooler/mode").asText()).isEqualTo("DIRECT");
            assertThat(report.get("sessions").findValuesAsText("callSite")).anySatisfy(site -> assertThat(site)
                    .startsWith("dev.poolguard.cli.DoctorCommandTest.plantedProblemsExitOneAndTheJsonMatchesTheSchema("));

            release.countDown();
            assertThat(open.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theSchemaRejectsAReportThatDriftedFromIt() throws Exception {
        DoctorCommand.environment = () -> Map.of("DATABASE_URL", url());
        assertThat(doctor("--format", "json")).isZero();
        com.fasterxml.jackson.databind.node.ObjectNode report = (com.fasterxml.jackson.databind.node.ObjectNode)
                new ObjectMapper().readTree(out.toString());
        assertThat(schema().validate(report)).isEmpty();
        report.put("unexpected", 1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) report.get("budget")).put("usable", "many");
        assertThat(schema().validate(report)).hasSize(2);
    }

    @Test
    void aWrongPasswordExitsTwoNamingTheCredentialsAndNotThePassword() {
        String wrong = "postgres://" + ROLE + ":Wrong-" + PASSWORD + "@127.0.0.1:" + SharedPostgres.server().port() + "/" + DB;
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            assertThat(doctor(wrong)).isEqualTo(2);
            assertThat(err.toString()).contains("rejected the credentials of user '" + ROLE + "'", "password authentication failed",
                    "check the user and password in the URL");
        });
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void anUnknownHostExitsTwoNamingTheHost() {
        assertThat(doctor("postgres://app:" + PASSWORD + "@no-such-host.invalid:5432/app")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("poolguard doctor: cannot connect: host 'no-such-host.invalid' is unknown"
                + " (DNS lookup failed): check the host in the URL\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownDatabaseExitsTwoNamingTheDatabase() {
        String missing = "postgres://postgres:" + PASSWORD + "@127.0.0.1:" + SharedPostgres.server().port() + "/no_such_db";
        assertThat(doctor(missing)).isEqualTo(2);
        assertThat(err.toString()).contains("has no database 'no_such_db'", "check the database name at the end of the URL")
                .doesNotContain(PASSWORD);
    }

    @Test
    void aClosedPortExitsTwoNamingHostAndPort() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(doctor("postgres://app:" + PASSWORD + "@127.0.0.1:" + closed + "/app")).isEqualTo(2);
        assertThat(err.toString()).contains("127.0.0.1:" + closed + " refused the connection").doesNotContain(PASSWORD);
    }

    @Test
    void usageErrorsExitTwo() {
        DoctorCommand.environment = Map::of;
        assertThat(doctor()).isEqualTo(2);
        assertThat(err.toString()).startsWith("no database: pass DATABASE_URL as an argument or set the DATABASE_URL"
                + " environment variable");

        err.getBuffer().setLength(0);
        assertThat(doctor(url(), "--instances", "0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--instances: must be between 1 and 10000, was 0");

        err.getBuffer().setLength(0);
        assertThat(doctor("mysql://app:" + PASSWORD + "@db:3306/app")).isEqualTo(2);
        assertThat(err.toString()).contains("scheme 'mysql' is not supported").doesNotContain(PASSWORD);
    }

    private static Schema schema() throws Exception {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    private static long idleInTransaction(String application) throws Exception {
        try (Connection c = SharedPostgres.server().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where state = 'idle in transaction'"
                     + " and application_name = '" + application + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean awaitRelease(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
