package dev.poolguard.pooler;

import java.util.Objects;

/**
 * What a database's connections go through, and how Poolguard knows. {@code toString()} is one line for logs and
 * messages, for example {@code transaction pooler Supavisor (Supabase), from the URL: port 6543 on a
 * *.pooler.supabase.com host}.
 *
 * @param kind     direct, session pooler, transaction pooler, or not known (yet)
 * @param provider the provider the URL names, {@link Provider#OTHER} if none
 * @param pooler   the pooler's name where known ("PgBouncer", "Supavisor", "RDS Proxy"), else empty
 * @param source   how it was found: the setting, the URL, detection on the first connection, or not yet
 * @param evidence what it was found from, one clause
 */
public record Route(Kind kind, Provider provider, String pooler, Source source, String evidence) {

    /** What sits between the pool and PostgreSQL. */
    public enum Kind {
        DIRECT, SESSION_POOLER, TRANSACTION_POOLER,
        /** Not known: no connection opened yet, or the driver is not pgjdbc (treated as direct). */
        UNKNOWN
    }

    /** How the route was found. */
    public enum Source { SETTING, URL, DETECTED, NOT_YET }

    public Route {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(source, "source");
        pooler = pooler == null ? "" : pooler.strip();
        evidence = evidence == null ? "" : evidence;
    }

    /** Each transaction may run on a different server connection: no prepared statements or session state across them. */
    public boolean transactionPooled() {
        return kind == Kind.TRANSACTION_POOLER;
    }

    /** A pooler answers for the server: process ids the driver sees are the pooler's, not the server's. */
    public boolean behindPooler() {
        return kind == Kind.SESSION_POOLER || kind == Kind.TRANSACTION_POOLER;
    }

    /** Short form for tags and tiles: {@code direct}, {@code session}, {@code transaction}, {@code unknown}. */
    public String mode() {
        switch (kind) {
            case DIRECT: return "direct";
            case SESSION_POOLER: return "session";
            case TRANSACTION_POOLER: return "transaction";
            default: return "unknown";
        }
    }

    @Override
    public String toString() {
        String what;
        switch (kind) {
            case DIRECT: what = "direct to PostgreSQL"; break;
            case SESSION_POOLER: what = "session pooler" + (pooler.isEmpty() ? "" : " " + pooler); break;
            case TRANSACTION_POOLER: what = "transaction pooler" + (pooler.isEmpty() ? "" : " " + pooler); break;
            default: what = "route unknown"; break;
        }
        if (provider != Provider.OTHER) {
            what += " (" + provider.label() + ")";
        }
        String how;
        switch (source) {
            case SETTING: how = "as configured"; break;
            case URL: how = "from the URL"; break;
            case DETECTED: how = "detected"; break;
            default: how = "not detected yet"; break;
        }
        return what + ", " + how + (evidence.isEmpty() ? "" : ": " + evidence);
    }
}
