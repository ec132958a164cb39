package dev.poolguard.classify;

/** What went wrong, in the terms an operator acts on. */
public enum ErrorKind {
    /** The session died under the call: backend terminated, socket lost, pooler dropped the client. */
    CONNECTION_LOST,
    /** A new connection could not be opened (refused, unreachable, timed out). */
    CONNECT_FAILED,
    /** No pool connection became free in time: the holders are the problem. */
    POOL_EXHAUSTED,
    /** The server or a pooler refuses more work: max_connections, pooler caps, queue timeouts. */
    SERVER_OVERLOADED,
    /** The server is starting up or shutting down (failover, cold start, restart). */
    SERVER_STARTING,
    /** 40001: a serializable or repeatable-read transaction lost a conflict. */
    SERIALIZATION_FAILURE,
    /** 40P01: the server broke a deadlock by failing this transaction. */
    DEADLOCK,
    /** 57014: statement timeout or cancel. */
    QUERY_TIMEOUT,
    /** Wrong setup: unknown database or tenant, prepared statements behind a transaction pooler, ... */
    CONFIGURATION,
    /** Credentials refused. */
    AUTHENTICATION,
    /** The statement itself is wrong for the data: constraint, type, syntax. */
    DATA,
    /** Nothing recognisable. */
    UNKNOWN
}
