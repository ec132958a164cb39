package dev.poolguard.bench.chaos;

import dev.poolguard.Database;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/** Poolguard's facade: {@code queryOne}, {@code transaction}, {@code db.tasks()}. */
final class PoolguardTarget implements Target {

    private final Database db;
    private final String label;

    PoolguardTarget(Database db, String label) {
        this.db = db;
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public long read(int id) {
        return db.queryOne(Chaos.READ, rs -> rs.getLong(1), id).orElseThrow();
    }

    @Override
    public void write(int id, String run) {
        db.transaction(tx -> {
            tx.update(Chaos.INCREMENT, id);
            return tx.update(Chaos.LOG, run, id);
        });
    }

    @Override
    public void report(CountDownLatch partner, Duration atMost) {
        SlowReport.generate(db, partner, atMost);
    }

    @Override
    public CompletableFuture<?> background(Duration hold) {
        String sleep = Chaos.sleepSql(hold);
        return db.tasks().submit("flood", Map.of(), () -> db.queryOne(sleep, rs -> 1));
    }

    @Override
    public String counters() {
        return "; Poolguard retried " + db.diagnostics().stats().retries() + " calls";
    }

    @Override
    public void close() {
        db.close();
    }
}
