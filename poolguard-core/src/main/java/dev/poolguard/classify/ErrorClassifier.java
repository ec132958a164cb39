package dev.poolguard.classify;

import dev.poolguard.ConnectionUnavailableException;
import dev.poolguard.DatabaseClosedException;
import dev.poolguard.LeaseRevokedException;
import dev.poolguard.event.Severity;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.poolguard.event.Severity.DEBUG;
import static dev.poolguard.event.Severity.ERROR;
import static dev.poolguard.event.Severity.INFO;
import static dev.poolguard.event.Severity.WARNING;
import static dev.poolguard.classify.ErrorKind.*;
import static dev.poolguard.classify.RetryScope.CONNECT;
import static dev.poolguard.classify.RetryScope.NONE;
import static dev.poolguard.classify.RetryScope.STATEMENT;
import static dev.poolguard.classify.RetryScope.TRANSACTION;

/**
 * Tells expected provider terminations from real failures, and what may be retried.
 *
 * <p>It walks {@link Throwable#getCause()} and {@link SQLException#getNextException()} to a depth of
 * {@value #MAX_DEPTH} (as HikariCP does), classifies every {@link SQLException} it finds by SQLSTATE, reading the
 * message only where poolers reuse one state (08P01 for PgBouncer, XX000 for Supavisor), and keeps the verdict of
 * the most specific rule: a FATAL 57P01 beats the 08006 pgjdbc chains behind it. The rules follow
 * {@code docs/failures.md}; each row there is a test case.
 */
public final class ErrorClassifier {

    static final int MAX_DEPTH = 10;

    /** What 26000, 42P05 and 22P03 in a bind mean: a statement prepared on one server connection, used on another. */
    static final String POOLER_PREPARED_FIX = "a transaction pooler (PgBouncer, Supavisor, Neon's -pooler, RDS Proxy) stands"
            + " between the pool and PostgreSQL and gave this transaction another server connection than the one the"
            + " statement was prepared on. Poolguard turns server-side prepared statements off behind a transaction pooler it"
            + " knows of: set pooler(PoolerMode.TRANSACTION) (POOLGUARD_POOLER=transaction) if detection missed it, and remove"
            + " prepareThreshold from the URL and driver properties unless the pooler supports prepared statements"
            + " (PgBouncer 1.21+ with max_prepared_statements)";

    private static final ErrorClassifier DEFAULTS = new ErrorClassifier(null);

    /** Rules in priority order: the first that matches any exception of the chain decides. */
    private static final List<Rule> RULES = List.of(
            // PgBouncer raises all its own errors as FATAL 08P01 and tells them apart only by text.
            rule("08P01", "query_wait_timeout", SERVER_OVERLOADED, false, CONNECT, ERROR, "pgbouncer", false,
                    "pooler saturated: the query waited longer than the pooler's query_wait_timeout for one of its server"
                    + " connections and never ran; the pooler's server pool (PgBouncer default_pool_size) is the bottleneck,"
                    + " not Poolguard's pool"),
            rule("08P01", "max_client_conn", SERVER_OVERLOADED, false, CONNECT, ERROR, "pgbouncer", true,
                    "pooler client cap reached (no more connections allowed): overload or a leak elsewhere"),
            rule("08P01", "no more connections allowed", SERVER_OVERLOADED, false, CONNECT, ERROR, "pgbouncer", true,
                    "pooler client cap reached: overload or a leak elsewhere"),
            rule("08P01", "server conn crashed", CONNECTION_LOST, true, TRANSACTION, WARNING, "pgbouncer", true,
                    "the server died mid-transaction behind the pooler (suspend or kill)"),
            rule("08P01", "client_idle_timeout", CONNECTION_LOST, true, TRANSACTION, INFO, "pgbouncer", true,
                    "the pooler closed an idle client connection"),
            rule("08P01", "pooler is shutting down", CONNECTION_LOST, true, TRANSACTION, INFO, "pgbouncer", true,
                    "the pooler is restarting"),
            rule("08P01", "cannot connect to server", CONNECT_FAILED, true, CONNECT, WARNING, "pgbouncer", true,
                    "the pooler cannot reach the server (restarting, or down); nothing ran"),
            rule("08P01", "server_login_retry", CONNECT_FAILED, true, CONNECT, WARNING, "pgbouncer", true,
                    "the pooler cannot log in to the server right now and is retrying"),
            // Supavisor raises FATAL XX000 with a code in parentheses.
            rule("XX000", "(EMAXCONN)", SERVER_OVERLOADED, false, CONNECT, ERROR, "supavisor", true,
                    "pooler max client connections reached"),
            rule("XX000", "(EMAXCONNSESSION)", SERVER_OVERLOADED, false, CONNECT, ERROR, "supavisor", true,
                    "pooler max session connections reached"),
            rule("XX000", "(ECHECKOUTTIMEOUT)", SERVER_OVERLOADED, false, CONNECT, ERROR, "supavisor", false,
                    "pooler checkout timed out: all its server connections are busy"),
            rule("XX000", "(EDBHANDLEREXITED)", CONNECTION_LOST, true, TRANSACTION, WARNING, "supavisor", true,
                    "the pooler's upstream handler crashed; transient if sporadic"),
            rule("XX000", "(ENOTFOUND)", CONFIGURATION, false, NONE, ERROR, "supavisor", true,
                    "tenant or user not found: wrong user name or host for this pooler"),
            rule("XX000", "tenant or user not found", CONFIGURATION, false, NONE, ERROR, "supavisor", true,
                    "tenant or user not found: wrong user name or host for this pooler"),
            // Neon's proxy: told apart by text, whatever state it carries.
            rule("", "couldn't connect to compute node", CONNECT_FAILED, true, CONNECT, WARNING, "neon", true,
                    "the compute is waking up or restarting"),
            rule("", "endpoint is disabled", CONFIGURATION, false, NONE, ERROR, "neon", true,
                    "the Neon endpoint is disabled"),
            rule("", "endpoint id is not specified", CONFIGURATION, false, NONE, ERROR, "neon", true,
                    "the Neon proxy needs the endpoint id (SNI or options=endpoint%3D<id>)"),
            // TLS: a handshake that fails the same way every time (pgjdbc reports it as 08006 or 08004): say what to change.
            rule("", "does not support ssl", CONFIGURATION, false, NONE, ERROR, "pgjdbc", false,
                    "TLS is required (sslmode=require or stricter) but the server does not offer TLS: turn ssl on in the"
                    + " server, or use the provider's TLS endpoint; never lower sslmode for a server reached over a network"),
            rule("", "certification path", CONFIGURATION, false, NONE, ERROR, "pgjdbc", false,
                    "TLS: the server's certificate is not signed by an authority this client trusts: point sslrootcert at"
                    + " the provider's CA file (sslmode=verify-full), and check that the URL names the right host"),
            rule("", "could not be verified by hostnameverifier", CONFIGURATION, false, NONE, ERROR, "pgjdbc", false,
                    "TLS: the server's certificate is for another host name than the URL's: use the host name the"
                    + " certificate names, or sslmode=verify-ca if you connect by address"),
            rule("", "certificateexpiredexception", CONFIGURATION, false, NONE, ERROR, "pgjdbc", false,
                    "TLS: the server's certificate has expired"),
            // PostgreSQL terminating sessions.
            rule("57P01", null, CONNECTION_LOST, true, TRANSACTION, INFO, "postgres", true,
                    "backend terminated by the server (admin command, Neon suspend, pooler or server restart)"),
            rule("57P05", null, CONNECTION_LOST, true, TRANSACTION, INFO, "postgres", true,
                    "backend terminated by idle_session_timeout"),
            rule("57P02", null, CONNECTION_LOST, false, TRANSACTION, ERROR, "postgres", true,
                    "the server crashed and is in recovery"),
            rule("25P03", null, CONNECTION_LOST, false, TRANSACTION, ERROR, "postgres", true,
                    "idle_in_transaction_session_timeout: a transaction was held open too long (a leaked transaction)"),
            rule("57P03", null, SERVER_STARTING, true, CONNECT, WARNING, "postgres", true,
                    "the server is starting up or shutting down; nothing ran"),
            rule("53300", null, SERVER_OVERLOADED, false, CONNECT, WARNING, "postgres", true,
                    "max_connections reached (too many clients)"),
            rule("40001", null, SERIALIZATION_FAILURE, true, TRANSACTION, DEBUG, "postgres", false,
                    "serialization failure: the transaction lost a conflict"),
            rule("40P01", null, DEADLOCK, true, TRANSACTION, WARNING, "postgres", false,
                    "deadlock detected: lock rows in a consistent order"),
            rule("28P01", null, AUTHENTICATION, false, NONE, ERROR, "postgres", true,
                    "password authentication failed: check the credentials"),
            rule("28000", null, AUTHENTICATION, false, NONE, ERROR, "postgres", true,
                    "authorization rejected: check the user and pg_hba rules"),
            rule("3D000", null, CONFIGURATION, false, NONE, ERROR, "postgres", true,
                    "the database does not exist: check the database name in the URL"),
            rule("26000", null, CONFIGURATION, false, NONE, ERROR, "pgbouncer", false,
                    "prepared statement missing: " + POOLER_PREPARED_FIX),
            rule("42P05", null, CONFIGURATION, false, NONE, ERROR, "pgbouncer", false,
                    "prepared statement already exists: " + POOLER_PREPARED_FIX),
            rule("08P01", "bind message supplies", CONFIGURATION, false, NONE, ERROR, "pgbouncer", false,
                    "a statement prepared for another query received this call's parameters: " + POOLER_PREPARED_FIX),
            rule("22P03", "bind parameter", CONFIGURATION, false, NONE, ERROR, "pgbouncer", false,
                    "a statement prepared for another query received this call's parameters: " + POOLER_PREPARED_FIX),
            rule("57014", null, QUERY_TIMEOUT, false, NONE, WARNING, "postgres", false,
                    "statement timeout or cancel"),
            rule("08001", null, CONNECT_FAILED, true, CONNECT, WARNING, "pgjdbc", true,
                    "could not connect (refused, unreachable or timed out); expected during wake-up or failover"),
            rule("08004", null, CONNECT_FAILED, true, CONNECT, WARNING, "postgres", true,
                    "the server rejected the connection"),
            rule("08006", null, CONNECTION_LOST, false, TRANSACTION, WARNING, "pgjdbc", true,
                    "socket lost (server, pooler or network closed it)"),
            rule("08003", null, CONNECTION_LOST, false, STATEMENT, WARNING, "pgjdbc", true,
                    "the connection had already been closed"),
            rule("08P01", null, UNKNOWN, false, NONE, ERROR, "pgbouncer", true,
                    "protocol violation"),
            // Whole classes, after the exact states above.
            rule("53", null, SERVER_OVERLOADED, false, NONE, ERROR, "postgres", false,
                    "insufficient resources on the server"),
            rule("08", null, CONNECTION_LOST, false, TRANSACTION, WARNING, "pgjdbc", true,
                    "connection exception"),
            rule("23", null, DATA, false, NONE, WARNING, "postgres", false, "integrity constraint violated"),
            rule("22", null, DATA, false, NONE, WARNING, "postgres", false, "data exception"),
            rule("42", null, DATA, false, NONE, ERROR, "postgres", false, "syntax error or access rule violation"),
            rule("XX", null, UNKNOWN, false, NONE, ERROR, "postgres", false, "internal error"));

    private static final Map<ErrorKind, Classification> KIND_DEFAULTS = Map.ofEntries(
            kindDefault(CONNECTION_LOST, true, TRANSACTION, WARNING, true),
            kindDefault(CONNECT_FAILED, true, CONNECT, WARNING, true),
            kindDefault(POOL_EXHAUSTED, false, NONE, ERROR, false),
            kindDefault(SERVER_OVERLOADED, false, CONNECT, ERROR, false),
            kindDefault(SERVER_STARTING, true, CONNECT, WARNING, true),
            kindDefault(SERIALIZATION_FAILURE, true, TRANSACTION, DEBUG, false),
            kindDefault(DEADLOCK, true, TRANSACTION, WARNING, false),
            kindDefault(QUERY_TIMEOUT, false, NONE, WARNING, false),
            kindDefault(CONFIGURATION, false, NONE, ERROR, false),
            kindDefault(AUTHENTICATION, false, NONE, ERROR, true),
            kindDefault(DATA, false, NONE, WARNING, false),
            kindDefault(UNKNOWN, false, NONE, ERROR, false));

    private final ClassificationOverride override;

    private ErrorClassifier(ClassificationOverride override) {
        this.override = override;
    }

    /** The table from {@code docs/failures.md}, with no override. */
    public static ErrorClassifier defaults() {
        return DEFAULTS;
    }

    /** A classifier that asks {@code override} first for each SQLException of the chain. */
    public ErrorClassifier withOverride(ClassificationOverride override) {
        return new ErrorClassifier(override);
    }

    public Classification classify(Throwable failure) {
        List<Throwable> chain = chain(failure);
        boolean socketTimeout = false;
        if (override != null) {
            for (Throwable t : chain) {
                if (t instanceof SQLException) {
                    ErrorKind kind = override.classify((SQLException) t);
                    if (kind != null) {
                        Classification d = KIND_DEFAULTS.get(kind);
                        return new Classification(kind, d.expected(), d.retry(), d.severity(), ((SQLException) t).getSQLState(),
                                "poolguard", d.connectionTerminated(), "classified by the application's override");
                    }
                }
            }
        }
        int best = Integer.MAX_VALUE;
        SQLException bestException = null;
        boolean lostInChain = false;
        for (Throwable t : chain) {
            if (t instanceof SocketTimeoutException) {
                socketTimeout = true;
            }
            if (!(t instanceof SQLException)) {
                continue;
            }
            SQLException e = (SQLException) t;
            String state = e.getSQLState();
            if (state == null) {
                continue;
            }
            if (state.equals("57P01") || state.equals("57P05")) {
                lostInChain = true;
            }
            String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
            for (int i = 0; i < best && i < RULES.size(); i++) {
                if (RULES.get(i).matches(state, message)) {
                    best = i;
                    bestException = e;
                    break;
                }
            }
        }
        if (bestException != null) {
            Rule r = RULES.get(best);
            Classification c = new Classification(r.kind, r.expected, r.retry, r.severity, bestException.getSQLState(),
                    r.source, r.terminated, r.reason);
            if (r.kind == CONNECTION_LOST && "08006".equals(bestException.getSQLState()) && lostInChain) {
                c = c.withExpected(true, INFO);
            }
            if (socketTimeout && r.kind == CONNECTION_LOST) {
                c = new Classification(CONNECTION_LOST, false, TRANSACTION, WARNING, c.sqlState(), "pgjdbc", true,
                        "socket timeout: no answer within socketTimeout; the statement's outcome is unknown");
            }
            return c;
        }
        for (Throwable t : chain) {
            if (t instanceof ConnectionUnavailableException) {
                return new Classification(POOL_EXHAUSTED, false, NONE, ERROR, null, "poolguard", false,
                        "no pool connection became free within the connection timeout");
            }
            if (t instanceof LeaseRevokedException) {
                return new Classification(CONNECTION_LOST, false, NONE, ERROR, null, "poolguard", true,
                        "the lease was revoked by reclaim");
            }
            if (t instanceof DatabaseClosedException) {
                return new Classification(CONFIGURATION, false, NONE, WARNING, null, "poolguard", false,
                        "the database is closed or closing");
            }
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return new Classification(POOL_EXHAUSTED, false, NONE, ERROR, null, "poolguard", false,
                        "no pool connection became free within the connection timeout");
            }
        }
        if (socketTimeout) {
            return new Classification(CONNECTION_LOST, false, TRANSACTION, WARNING, null, "pgjdbc", true,
                    "socket timeout: no answer within socketTimeout; the statement's outcome is unknown");
        }
        return new Classification(UNKNOWN, false, NONE, ERROR, null, chain.stream().anyMatch(t -> t instanceof SQLException) ? "pgjdbc" : "poolguard",
                false, "unrecognised failure");
    }

    /** The exceptions reachable through causes and next-exceptions, outermost first, at most {@value #MAX_DEPTH} deep. */
    public static List<Throwable> chain(Throwable root) {
        List<Throwable> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        walk(root, 0, out, seen);
        return out;
    }

    private static void walk(Throwable t, int depth, List<Throwable> out, Map<Throwable, Boolean> seen) {
        if (t == null || depth >= MAX_DEPTH || seen.put(t, Boolean.TRUE) != null) {
            return;
        }
        out.add(t);
        if (t instanceof SQLException) {
            walk(((SQLException) t).getNextException(), depth + 1, out, seen);
        }
        walk(t.getCause(), depth + 1, out, seen);
    }

    private static Rule rule(String state, String text, ErrorKind kind, boolean expected, RetryScope retry, Severity severity,
                             String source, boolean terminated, String reason) {
        return new Rule(state, text == null ? null : text.toLowerCase(Locale.ROOT), kind, expected, retry, severity, source, terminated, reason);
    }

    private static Map.Entry<ErrorKind, Classification> kindDefault(ErrorKind kind, boolean expected, RetryScope retry,
                                                                   Severity severity, boolean terminated) {
        return Map.entry(kind, new Classification(kind, expected, retry, severity, null, "poolguard", terminated, kind.name()));
    }

    private static final class Rule {
        final String state;
        final String text;
        final ErrorKind kind;
        final boolean expected;
        final RetryScope retry;
        final Severity severity;
        final String source;
        final boolean terminated;
        final String reason;

        Rule(String state, String text, ErrorKind kind, boolean expected, RetryScope retry, Severity severity, String source,
             boolean terminated, String reason) {
            this.state = state;
            this.text = text;
            this.kind = kind;
            this.expected = expected;
            this.retry = retry;
            this.severity = severity;
            this.source = source;
            this.terminated = terminated;
            this.reason = reason;
        }

        boolean matches(String sqlState, String lowerMessage) {
            boolean stateMatches = state.length() == 5 ? state.equals(sqlState) : sqlState.startsWith(state);
            return stateMatches && (text == null || lowerMessage.contains(text));
        }
    }
}
