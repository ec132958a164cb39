package dev.poolguard;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Fault injection from outside the pool: a plain superuser connection that terminates backends. */
public final class PgTerminate {

    private PgTerminate() {
    }

    public static void backend(int pid) {
        try (Connection c = Pg.server().connect(); Statement s = c.createStatement()) {
            s.execute("select pg_terminate_backend(" + pid + ")");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Terminates every backend with this application_name; returns how many. */
    public static int application(String applicationName) {
        return Pg.server().terminateClientBackends(applicationName);
    }
}
