package dev.poolguard;

/**
 * A snapshot of the pool. {@code toString()} is {@code total=5 active=1 idle=4 waiting=0 max=20}.
 *
 * @param total   physical connections open
 * @param active  connections borrowed right now
 * @param idle    connections open and free
 * @param waiting callers waiting for a connection
 * @param max     the pool's maximum size
 */
public record PoolStatus(int total, int active, int idle, int waiting, int max) {

    @Override
    public String toString() {
        return "total=" + total + " active=" + active + " idle=" + idle + " waiting=" + waiting + " max=" + max;
    }
}
