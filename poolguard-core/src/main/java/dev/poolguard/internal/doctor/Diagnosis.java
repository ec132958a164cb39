package dev.poolguard.internal.doctor;

import dev.poolguard.PoolguardException;
import dev.poolguard.doctor.DoctorOptions;
import dev.poolguard.doctor.DoctorReport;
import dev.poolguard.internal.Redaction;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * One diagnosis: connect (a connection of its own, never the pool's), tell the pooler, read the server's state in one
 * read-only transaction, judge, close. Used by {@code Doctor.diagnose} and {@code Database.doctor}.
 */
public final class Diagnosis {

    /** The doctor's sessions carry this name in pg_stat_activity. */
    public static final String APPLICATION_NAME = "poolguard doctor";

    private Diagnosis() {
    }

    public static DoctorReport run(Target target, DoctorOptions options) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        Instant checkedAt = Instant.now();
        long start = System.nanoTime();
        List<String> notes = new ArrayList<>();
        Connection c;
        try {
            c = open(target, options, true);
        } catch (SQLException e) {
            throw ConnectFailures.explain(e, target);
        }
        try (c) {
            int timeoutSeconds = (int) Math.max(1, (options.statementTimeout().toMillis() + 999) / 1000);
            PoolerProbe.Result probe = PoolerProbe.detect(c, () -> open(target, options, false), target, timeoutSeconds);
            Snapshot snapshot = Collector.collect(c, options, notes);
            return Checks.report(target, options, probe, snapshot, checkedAt, (System.nanoTime() - start) / 1_000_000, notes);
        } catch (SQLException e) {
            throw new PoolguardException("poolguard doctor: connected to " + target.address()
                    + " but reading the server's state failed: " + Redaction.message(e), e);
        }
    }

    /**
     * A connection outside any pool: connect and login bounded by {@code connectTimeout}, reads by the statement
     * timeout plus a margin (the server's statement_timeout fires first; the socket timeout catches a dead path).
     * The doctor's own connection speaks the simple query protocol: statement texts it explains carry {@code $1}
     * placeholders, which the extended protocol would take for parameters to bind; the pooler probe's second
     * connection keeps the extended protocol, since it tests prepared statements.
     */
    static Connection open(Target t, DoctorOptions o, boolean simpleProtocol) throws SQLException {
        Properties p = new Properties();
        t.connectProperties().forEach(p::setProperty);
        long connectSeconds = Math.max(1, (o.connectTimeout().toMillis() + 999) / 1000);
        p.setProperty("connectTimeout", Long.toString(connectSeconds));
        p.setProperty("loginTimeout", Long.toString(connectSeconds));
        p.setProperty("socketTimeout", Long.toString((o.statementTimeout().toMillis() + 999) / 1000 + 5));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", APPLICATION_NAME);
        p.setProperty("logServerErrorDetail", "false");
        if (simpleProtocol) {
            p.setProperty("preferQueryMode", "simple");
        }
        if (t.user() != null) {
            p.setProperty("user", t.user());
        }
        if (t.password() != null) {
            p.setProperty("password", t.password());
        }
        Connection c = t.driver().connect(t.jdbcUrl(), p);
        if (c == null) {
            throw new SQLException(t.driver().getClass().getName() + " does not accept the URL " + t.maskedUrl(), "08001");
        }
        return c;
    }
}
