package dev.poolguard.status;

/**
 * A snapshot of the pool. {@code toString()} is {@code total=5 active=1 idle=4 waiting=0 max=20}, followed by
 * {@code via transaction pooler} or {@code via session pooler} when a pooler stands between the pool and PostgreSQL.
 *
 * @param total   physical connections open
 * @param active  connections borrowed right now
 * @param idle    connections open and free
 * @param waiting callers waiting for a connection
 * @param max     the pool's maximum size
 * @param route   what the connections go through (direct, session or transaction pooler), and how that is known
 */
public record PoolStatus(int total, int active, int idle, int waiting, int max, dev.poolguard.pooler.Route route) {

    @Override
    public String toString() {
        return "total=" + total + " active=" + active + " idle=" + idle + " waiting=" + waiting + " max=" + max
                + (route != null && route.behindPooler() ? " via " + route.mode() + " pooler" : "");
    }
}
