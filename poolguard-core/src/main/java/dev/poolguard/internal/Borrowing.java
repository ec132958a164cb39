package dev.poolguard.internal;

import com.zaxxer.hikari.pool.HikariPool;
import dev.poolguard.ConnectionUnavailableException;
import dev.poolguard.DatabaseConfig;
import dev.poolguard.Ticker;
import dev.poolguard.classify.ErrorClassifier;
import dev.poolguard.classify.RetryScope;
import dev.poolguard.internal.lease.Holding;
import dev.poolguard.internal.lease.Lease;
import dev.poolguard.internal.lease.LeaseRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Lends the pool's connections as leases: acquire (the workload's budget, HikariCP, then the lease slot of the
 * connection HikariCP lent), release, revoke; and the slots themselves, one per physical connection, registered by
 * {@link Connector} when it opens one (backend pid read then). Everything a borrow costs beyond HikariCP's own is here,
 * and on the common path it is: a look-up of the slot by the connection's identity, plain writes into it, one release
 * store to publish the borrow and one compare-and-set to give it back; a coarse clock read for each; no allocation.
 */
final class Borrowing {

    private static final Logger log = LoggerFactory.getLogger("dev.poolguard.Database");

    private final DatabaseConfig config;
    private final HikariPool pool;
    private final LeaseRegistry leases;
    private final Connector connector;
    private final Failures failures;
    private final ErrorClassifier classifier;
    private final Ticker clock;
    private final long timeoutMillis;
    /** Told when a lease reported as a leak comes back; set once, before the engine is published. */
    private Watchdog watchdog;

    Borrowing(DatabaseConfig config, HikariPool pool, LeaseRegistry leases, Connector connector, Failures failures,
              ErrorClassifier classifier, Ticker clock) {
        this.config = config;
        this.pool = pool;
        this.leases = leases;
        this.connector = connector;
        this.failures = failures;
        this.classifier = classifier;
        this.clock = clock;
        this.timeoutMillis = config.connectionTimeout().toMillis();
    }

    void watchedBy(Watchdog watchdog) {
        this.watchdog = watchdog;
    }

    LeaseRegistry leases() {
        return leases;
    }

    /**
     * The slot for a physical connection the connector just opened: its backend pid and pgjdbc's query executor are
     * looked up now, once, not at every borrow or COMMIT (a driver wrapper that reaches pgjdbc only through
     * {@code unwrap}, or not at all, pays for the look-ups once).
     */
    static Lease register(LeaseRegistry leases, Connection physical, dev.poolguard.pooler.Route route) {
        return leases.register(physical, backendPid(physical), VerifiedCommit.of(physical, route));
    }

    private static int backendPid(Connection connection) {
        try {
            return connection.unwrap(org.postgresql.PGConnection.class).getBackendPID();
        } catch (SQLException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Borrows a connection for a call of {@code kind} and lends its slot to the current thread, with the call's
     * workload, call site (if known) and the thread's unit of work and borrow depth.
     */
    Lease acquire(Engine.Kind kind, String sql, CallOptions options, String callSite, int attempt, ThreadState ts) {
        if (connector.isFailing() && pool.getTotalConnections() == 0) {
            SQLException last = connector.lastFailure();
            if (last != null && classifier.classify(last).retry() == RetryScope.NONE) {
                // Wrong credentials or database: waiting cannot help, so say so at once.
                throw failures.borrowFailure(kind, sql, options, last, 0, callSite, attempt);
            }
        }
        long start = clock.nanos();
        WorkloadGate gate = options.gate;
        long timeout = gate.limited() ? gated(kind, sql, options, callSite, attempt) : timeoutMillis;
        Connection connection;
        try {
            connection = pool.getConnection(timeout);
        } catch (SQLException e) {
            gate.release();
            throw failures.borrowFailure(kind, sql, options, e, clock.nanos() - start, callSite, attempt);
        } catch (RuntimeException | Error e) {
            gate.release();
            throw e;
        }
        Lease lease = slotOf(connection);
        lease.lend(connection, gate, options.workload(), callSite, clock.nanos(), ts.depth, ts.unitOfWork);
        return lease;
    }

    /** Waits for a permit of the workload's budget, holding no connection; returns what is left of the borrow timeout. */
    private long gated(Engine.Kind kind, String sql, CallOptions options, String callSite, int attempt) {
        long start = System.nanoTime();
        long timeout = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            if (!options.gate.acquire(timeout)) {
                throw failures.workloadExhausted(kind, sql, options, System.nanoTime() - start, callSite, attempt);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionUnavailableException(kind.label + " was interrupted while waiting for workload '"
                    + options.workload() + "'" + failures.sqlSuffix(sql), e, failures.text(sql), attempt);
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeout - (System.nanoTime() - start)));
    }

    /** The slot of the physical connection behind HikariCP's handle: registered when it was opened, or now. */
    private Lease slotOf(Connection connection) {
        Connection physical;
        try {
            physical = connection.unwrap(Connection.class);
        } catch (SQLException e) {
            physical = connection; // not HikariCP's proxy as we know it: a slot for this handle, dropped once it closes
        }
        Lease lease = leases.slotOf(physical);
        return lease != null ? lease : register(leases, physical, connector.route());
    }

    /**
     * Gives the lease back: its connection to HikariCP, its permit to the workload's budget.
     *
     * @return false if it had been revoked (its connection was aborted and evicted, its permit given back then)
     */
    boolean release(Lease lease, WorkloadGate gate) {
        Holding late = lease.leakReported() ? lease.holding() : null;
        Connection connection = lease.connection();
        if (!lease.markReleased()) {
            return false;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("Returning a connection to the pool failed; HikariCP evicts it", e);
        } finally {
            gate.release();
            if (late != null) {
                watchdog.returned(late, clock.nanos());
            }
        }
        return true;
    }

    /**
     * Takes a borrow back from its holder: aborts the physical connection (waking a holder blocked on it), evicts it
     * so the pool opens another, and gives back the workload permit. Never a borrow whose COMMIT is on the wire.
     */
    boolean revoke(Holding holding, String why) {
        Lease lease = holding.lease();
        if (!lease.markRevoked(holding.word(), why)) {
            return false;
        }
        // The slot stays revoked: HikariCP never lends an evicted connection again, so these are still this borrow's.
        Connection connection = lease.connection();
        try {
            connection.unwrap(Connection.class).abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            log.debug("Aborting a revoked connection failed", e);
        }
        try {
            pool.evictConnection(connection); // the proxy is still open, so HikariCP removes it at once
        } catch (RuntimeException e) {
            log.debug("Evicting a revoked connection failed", e);
        }
        ((WorkloadGate) lease.gate()).release();
        replaceLostConnections();
        return true;
    }

    /**
     * HikariCP refills only up to minIdle after it evicts a connection, so callers already waiting when connections
     * die would wait out their whole timeout. Ask it to open connections for them.
     */
    void replaceLostConnections() {
        int waiting = pool.getThreadsAwaitingConnection();
        if (waiting > 0 && pool.getTotalConnections() < config.maxPoolSize()) {
            pool.addBagItem(waiting);
        }
    }

    /**
     * After a socket timeout the server is still running the statement and holding its locks, though nobody will
     * read the answer. End that backend so a retry (or anyone else) is not blocked behind it.
     */
    void terminateAbandoned(int pid) {
        try (Connection c = pool.getConnection(Math.min(2000, timeoutMillis));
             PreparedStatement ps = c.prepareStatement("select pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
            log.info("Poolguard terminated backend {} whose statement outlived socketTimeout, releasing its locks", pid);
        } catch (SQLException e) {
            log.debug("Could not terminate abandoned backend {}", pid, e);
        }
    }

    /**
     * Calls holding a connection (until HikariCP has it back, which is after the lease is given back) or waiting in the
     * pool for one: what close() drains.
     */
    int inFlight() {
        return pool.getActiveConnections() + pool.getThreadsAwaitingConnection();
    }
}
