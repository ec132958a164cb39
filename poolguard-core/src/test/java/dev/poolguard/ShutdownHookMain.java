package dev.poolguard;

import java.time.Duration;

/** Child process for {@link GracefulCloseTest}: runs a query, gets SIGTERM mid-query, must finish it and close. */
public final class ShutdownHookMain {

    public static void main(String[] args) {
        Database db = Database.builder().url(args[0]).maxPoolSize(2).minIdle(0)
                .drainTimeout(Duration.ofSeconds(10)).registerShutdownHook(true).build();
        Thread worker = new Thread(() -> {
            int v = db.withConnection(c -> {
                System.out.println("IN-FLIGHT"); // printed while the connection is held: SIGTERM comes mid-call
                System.out.flush();
                try (var rs = c.createStatement().executeQuery("select 5 from pg_sleep(1.5)")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            System.out.println("RESULT " + v);
            System.out.flush();
        });
        worker.start();
        try {
            worker.join();
            Thread.sleep(60_000); // wait for SIGTERM
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
