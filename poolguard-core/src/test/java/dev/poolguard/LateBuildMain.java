package dev.poolguard;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * Child process for {@link GracefulCloseTest}: builds a database inside a shutdown hook with
 * {@code registerShutdownHook(true)}, which fails after the pool has started ("Shutdown in progress"), then reports
 * what that failed build left running: its threads and its backends on the server.
 */
public final class LateBuildMain {

    public static void main(String[] args) {
        String url = args[0];
        String jdbcUrl = args[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Database.builder().url(url).applicationName("late_build").poolName("late").maxPoolSize(2).minIdle(2)
                        .registerShutdownHook(true).build();
                System.out.println("BUILT");
            } catch (RuntimeException e) {
                System.out.println("FAILED " + e);
            }
            try {
                Thread.sleep(1500); // a pool left running fills minIdle within this
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("THREADS " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.startsWith("late")).sorted().collect(Collectors.toList()));
            try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where application_name = 'late_build'")) {
                rs.next();
                System.out.println("BACKENDS " + rs.getInt(1));
            } catch (Exception e) {
                System.out.println("COUNT FAILED " + e);
            }
            System.out.flush();
        }, "build-in-shutdown-hook"));
    }
}
