package dev.poolguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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

    private RuntimeException failure;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private LintCommand command;

    private int lint(String... args) {
        CommandLine cli = Main.commandLine();
        command = cli.getSubcommands().get("lint").getCommand();
        command.workingDirectory = dir;
        if (failure != null) {
            command.lint = (config, paths) -> {
                throw failure;
            };
        }
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
        assertThat(out.toString()).isEqualTo(file + ":14: [connection-leak] dataSource.getConnection() ('c') is not "
                + "closed by try-with-resources or a finally, so an exception on the way leaks the connection. Fix: open "
                + "it in try (Connection c = ...) { .. }, or use Database.query/queryOne/update/transaction, which always "
                + "release the connection" + System.lineSeparator()
                + file + ":14: [pool-bypass] dataSource.getConnection() borrows a JDBC connection outside the owners of "
                + "raw JDBC, going around Poolguard's limits, timeouts and leak detection. Fix: use "
                + "Database.query/queryOne/update/transaction; or, if com.acme.calls.CallDao is meant to own raw JDBC, "
                + "name it under owners in poolguard-lint.yml (or --allow-package)" + System.lineSeparator());
        assertThat(err.toString()).containsPattern("poolguard lint: 2 findings in 1 file; 1 files checked \\(\\d+\\.\\d s\\)");
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
        assertThat(sarif.at("/runs/0/results")).hasSize(2);
        assertThat(sarif.at("/runs/0/results/0/ruleId").asText()).isEqualTo("connection-leak");
        assertThat(sarif.at("/runs/0/results/1/ruleId").asText()).isEqualTo("pool-bypass");
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
        assertThat(out.toString()).contains("[pool-bypass] ds.getConnection() borrows a JDBC connection outside the owners");
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
        err.getBuffer().setLength(0);
        assertThat(lint("--fail-on-skipped", dir.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("poolguard lint: exit 3: 1 file(s) could not be checked (--fail-on-skipped)");
    }

    @Test
    void aToolFailureExitsThreeNotOneOrZero() throws IOException {
        write("src/com/acme/calls/CallLookup.java", CLEAN);
        failure = new IllegalStateException("lint interrupted before every file was checked");

        assertThat(lint(dir.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("poolguard lint: the tool failed, no report: java.lang.IllegalStateException: "
                + "lint interrupted before every file was checked");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theProjectsConfigFileNamesOwnersAndBorrowMethods() throws IOException {
        write("src/com/acme/calls/CallDao.java", LEAKY);
        write("src/com/acme/calls/Legacy.java", """
                package com.acme.calls;

                import java.sql.Connection;

                class Legacy {
                    int count() throws Exception {
                        Connection c = Db.lease();
                        return c.getHoldability();
                    }
                }
                """);
        write("poolguard-lint.yml", """
                # raw JDBC belongs in the DAOs
                owners:
                  classes: ["*Dao"]
                borrowMethods: [Db.lease]
                """);

        assertThat(lint(dir.resolve("src").toString())).isEqualTo(1);
        assertThat(out.toString()).contains("CallDao.java:14: [connection-leak]").doesNotContain("CallDao.java:14: [pool-bypass]")
                .contains("Legacy.java:7: [connection-leak] Db.lease() ('c') is not closed")
                .contains("Legacy.java:7: [pool-bypass] Db.lease() borrows a JDBC connection");

        out.getBuffer().setLength(0);
        Path other = write("config/lint.yml", "disable: [connection-leak, pool-bypass]\n");
        assertThat(lint("--config", other.toString(), dir.resolve("src").toString())).isZero();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aLatin1FileIsCheckedAndNamed() throws IOException {
        Path file = dir.resolve("src/com/acme/calls/CallDao.java");
        Files.createDirectories(file.getParent());
        Files.write(file, LEAKY.replace("class CallDao", "/* caf\u00e9 */ class CallDao").getBytes(StandardCharsets.ISO_8859_1));

        assertThat(lint(dir.toString())).isEqualTo(1);
        assertThat(out.toString()).contains(":14: [connection-leak]");
        assertThat(err.toString()).contains(": not valid UTF-8, read as ISO-8859-1 (set --encoding if it is something else)");
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(lint("--encoding", "ISO-8859-1", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).doesNotContain("not valid");
    }

    @Test
    void aFileOverTheSizeCapIsSkippedAndNamed() throws IOException {
        write("src/com/acme/calls/CallDao.java", LEAKY + "//" + "x".repeat(2048) + "\n");

        assertThat(lint("--max-file-size", "2KiB", dir.toString())).isZero();
        assertThat(err.toString()).contains("CallDao.java: skipped: larger than the 2 KiB limit (2.3 KiB); raise "
                + "--max-file-size to check it");
        assertThat(lint("--max-file-size", "1M", dir.toString())).isEqualTo(1);
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
        assertThat(err.toString()).contains("--allow-package: owner package 'com..acme' is not a Java package name");
        assertThat(lint("--encoding", "klingon-8", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--encoding: 'klingon-8' is not a charset this JVM knows");
        assertThat(lint("--max-file-size", "huge", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--max-file-size: 'huge' is not a size (512KiB, 2MiB, 100000)");
        assertThat(lint("--max-file-size", "10", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--max-file-size: max file size 10 bytes is below the minimum of 1024");
        assertThat(lint("--config", dir.resolve("nope.yml").toString(), dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope.yml: no such file");
        write("bad.yml", "owner:\n  packages: [com.acme]\n");
        assertThat(lint("--config", dir.resolve("bad.yml").toString(), dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bad.yml: unknown key 'owner' in the document (known: accessors, "
                + "borrowMethods, disable, owners)");
        assertThat(out.toString()).isEmpty();
    }
}
