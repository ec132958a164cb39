package dev.poolguard.dashboard;

import dev.poolguard.Database;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A deliberately slow holder: a transaction that reads once, then keeps its connection until released. */
final class SlowReport {

    private SlowReport() {
    }

    static void hold(Database reports, CountDownLatch release) {
        reports.transaction(tx -> {
            tx.queryOne("select count(*) from pg_class", rs -> rs.getLong(1));
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
    }
}
