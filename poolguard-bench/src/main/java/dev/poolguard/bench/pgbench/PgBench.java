package dev.poolguard.bench.pgbench;

import dev.poolguard.embedded.EmbeddedPostgresServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pgbench} (Debian's {@code postgresql-client}) against the embedded server: its tables, and its select-only
 * run as the ceiling a Java pool can approach on the same server with the same number of clients.
 */
public final class PgBench {

    /** Accounts at scale 1, as {@code pgbench -i -s 1} makes them. */
    public static final int SCALE_1_ACCOUNTS = 100_000;
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private PgBench() {
    }

    /** What a select-only run measured, and the command that ran. */
    public record Result(double tps, String command) {
    }

    /** Whether a {@code pgbench} binary runs here. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("pgbench", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code pgbench -i -s 1}: the four tables, 100,000 accounts. */
    public static void initialize(EmbeddedPostgresServer server) {
        run(command(server, "-i", "-s", "1", "-q"), Duration.ofMinutes(2));
    }

    /**
     * {@code pgbench_accounts} as {@code pgbench -i -s 1} makes it, without pgbench (for benchmarks run on their own):
     * same columns, primary key and row count.
     */
    public static void createAccounts(EmbeddedPostgresServer server) {
        server.execute("drop table if exists pgbench_accounts");
        server.execute("create table pgbench_accounts (aid int not null, bid int, abalance int, filler char(84)) with (fillfactor = 100)");
        server.execute("insert into pgbench_accounts select g, 1, 0, '' from generate_series(1, " + SCALE_1_ACCOUNTS + ") g");
        server.execute("alter table pgbench_accounts add primary key (aid)");
        server.execute("vacuum analyze pgbench_accounts");
    }

    /** How many accounts the table at {@code jdbcUrl} has (the highest {@code aid}). */
    public static int accounts(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select max(aid) from pgbench_accounts")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("no pgbench_accounts at " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** {@code pgbench -S -M prepared}: select-only, prepared statements, one connection per client. */
    public static Result selectOnly(EmbeddedPostgresServer server, int clients, Duration duration) {
        long seconds = Math.max(1, duration.toSeconds());
        List<String> command = command(server, "-S", "-M", "prepared", "-n", "-c", Integer.toString(clients),
                "-j", Integer.toString(clients), "-T", Long.toString(seconds));
        String out = run(command, duration.plusMinutes(1));
        Matcher m = TPS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("pgbench printed no tps line: " + out.strip());
        }
        return new Result(Double.parseDouble(m.group(1)), String.join(" ", command));
    }

    private static List<String> command(EmbeddedPostgresServer server, String... args) {
        List<String> command = new ArrayList<>(List.of("pgbench", "-h", "127.0.0.1", "-p", Integer.toString(server.port()),
                "-U", EmbeddedPostgresServer.USER));
        command.addAll(List.of(args));
        command.add(EmbeddedPostgresServer.DATABASE);
        return command;
    }

    private static String run(List<String> command, Duration limit) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' ran past " + limit.toSeconds() + "s");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed with exit " + p.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("could not run pgbench (install Debian's postgresql-client): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running pgbench", e);
        }
    }
}
