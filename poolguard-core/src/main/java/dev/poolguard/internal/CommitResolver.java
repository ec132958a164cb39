package dev.poolguard.internal;

import com.zaxxer.hikari.pool.HikariPool;
import dev.poolguard.DatabaseConfig;
import dev.poolguard.classify.Classification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Learns the outcome of a transaction whose COMMIT was cut off by a dead connection: the transaction id read before
 * COMMIT is looked up with {@code txid_status} on another connection.
 */
final class CommitResolver {

    private static final Logger log = LoggerFactory.getLogger("dev.poolguard.Database");
    private static final Duration COMMIT_CHECK_WINDOW = Duration.ofSeconds(2);

    private final HikariPool pool;
    private final DatabaseConfig config;

    CommitResolver(HikariPool pool, DatabaseConfig config) {
        this.pool = pool;
        this.config = config;
    }

    enum CommitOutcome { COMMITTED, ABORTED, UNKNOWN }

    /** Asks the server, on another connection, whether a transaction whose COMMIT was cut off committed. */
    CommitOutcome resolve(CommitFailure cf, Classification c) {
        if (!c.connectionTerminated()) {
            return CommitOutcome.ABORTED; // the server answered COMMIT with an error: it rolled back
        }
        if (cf.xid == null) {
            // No id because it wrote nothing: nothing to lose or to apply twice. No id because nobody asked
            // (verifyCommits off): it may have written, and the server cannot be asked about it now.
            return cf.idRead ? CommitOutcome.COMMITTED : CommitOutcome.UNKNOWN;
        }
        long deadline = System.nanoTime() + COMMIT_CHECK_WINDOW.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Connection conn = pool.getConnection(config.connectionTimeout().toMillis());
                try (PreparedStatement ps = conn.prepareStatement("select txid_status(?)")) {
                    ps.setLong(1, cf.xid);
                    try (ResultSet rs = ps.executeQuery()) {
                        String status = rs.next() ? rs.getString(1) : null;
                        if ("committed".equals(status)) {
                            return CommitOutcome.COMMITTED;
                        }
                        if ("aborted".equals(status)) {
                            return CommitOutcome.ABORTED;
                        }
                        if (status == null) {
                            return CommitOutcome.UNKNOWN;
                        }
                    }
                } finally {
                    conn.close();
                }
                config.sleeper().sleep(TimeUnit.MILLISECONDS.toNanos(50)); // in progress: the old backend is finishing
            } catch (SQLException e) {
                log.debug("Checking a commit outcome failed; trying again", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CommitOutcome.UNKNOWN;
            }
        }
        return CommitOutcome.UNKNOWN;
    }
}
