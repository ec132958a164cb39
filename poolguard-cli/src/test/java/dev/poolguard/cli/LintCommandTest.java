package dev.poolguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LintCommandTest {

    private static final String LEAKY = """
            package com.acme.calls;

            import java.sql.Connection;
            import javax.sql.DataSource;

            class CallDao {
                private final DataSource dataSource;

                CallDao(DataSource dataSource) {
                    this.dataSource = dataSource;
                }

                boolean ping() throws Exception {
                    Connection c = dataSource.getConnection();
                    return c.isValid(1);
                }
            }
            """;

    private static final String CLEAN = """
            package com.acme.calls;

            import dev.poolguard.Database;
            import java.util.Optional;

            class CallLookup {
                Optional<String> status(Database db, String callSid) {
                    return db.queryOne("select status from calls where call_sid = ?", rs -> rs.getString(1), callSid);
                }
            }
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int lint(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "lint";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private Path write(String name, String source) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        return file;
    }

    @Test
    void findingsPrintOneLineEachAndExitOne() throws IOException {
        Path file = write("src/com/acme/calls/CallDao.java", LEAKY);

        assertThat(lint(dir.resolve("src").toString())).isEqualTo(1);
        assertThat(out.toString()).isEqualTo(file + ":14: [raw-connection] dataSource.getConnection() ('c') is not "
                + "closed by try-with-resources or a finally, so an exception on the way leaks the connection. Fix: use "
                + "Database.query/queryOne/update/transaction, which always release the connection; where raw JDBC is "
                + "allowed, open it in try (Connection c = ...getConnection()) { .. }" + System.lineSeparator());
        assertThat(err.toString()).contains("poolguard lint: 1 finding in 1 file; 1 files checked");
    }

    @Test
    void cleanSourcesPrintNothingAndExitZero() throws IOException {
        write("src/com/acme/calls/CallLookup.java", CLEAN);

        assertThat(lint(dir.toString())).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("0 findings in 0 files; 1 files checked");
    }

    @Test
    void sarifFormatPrintsOnlyTheSarifDocument() throws IOException {
        write("src/com/acme/calls/CallDao.java", LEAKY);

        assertThat(lint("--format", "sarif", dir.toString())).isEqualTo(1);
        JsonNode sarif = new ObjectMapper().readTree(out.toString());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.at("/runs/0/results")).hasSize(1);
        assertThat(sarif.at("/runs/0/results/0/ruleId").asText()).isEqualTo("raw-connection");
        assertThat(sarif.at("/runs/0/results/0/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(14);
    }

    @Test
    void allowPackageTurnsABypassIntoAllowedLowLevelCode() throws IOException {
        write("src/com/acme/calls/Pinger.java", """
                package com.acme.calls;

                class Pinger {
                    boolean ping(javax.sql.DataSource ds) throws Exception {
                        try (var c = ds.getConnection()) {
                            return c.isValid(1);
                        }
                    }
                }
                """);

        assertThat(lint(dir.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("[raw-connection] ds.getConnection() borrows a connection directly");
        out.getBuffer().setLength(0);
        assertThat(lint("--allow-package", "com.acme", dir.toString())).isZero();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnparsableFileIsNamedOnStderrAndSkipped() throws IOException {
        write("src/Broken.java", "class Broken { void f( { }");
        write("src/com/acme/calls/CallLookup.java", CLEAN);

        assertThat(lint(dir.toString())).isZero();
        assertThat(err.toString()).contains("Broken.java:1: skipped: not parsable as Java")
                .contains("1 files checked, 1 skipped");
    }

    @Test
    void badUsageExitsTwo() throws IOException {
        Path notes = write("notes.txt", "not java");

        assertThat(lint()).as("no PATH").isEqualTo(2);
        assertThat(lint(dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing': no such file or directory");
        assertThat(lint(notes.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("notes.txt' is not a .java file or a directory");
        assertThat(lint("--format", "xml", dir.toString())).isEqualTo(2);
        assertThat(lint("--allow-package", "com..acme", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--allow-package: allowed package 'com..acme' is not a Java package name");
        assertThat(out.toString()).isEmpty();
    }
}
