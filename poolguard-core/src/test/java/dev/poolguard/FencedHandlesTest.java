package dev.poolguard;

import dev.poolguard.event.EventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the fenced JDBC handles a {@code withConnection} callback gets must refuse, now that they are hand-written
 * delegating classes rather than a proxy with one check in front of every method: every method of every handle after
 * the callback, use after the lease was revoked, and use from another thread.
 */
class FencedHandlesTest {

    private static Database db;

    @BeforeAll
    static void open() {
        db = Pg.builder().build();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** Every handle a callback can reach, by the interface whose methods it must fence. */
    private static Map<Class<?>, Object> handlesOfOneCallback() {
        Map<Class<?>, Object> handles = new LinkedHashMap<>();
        db.withConnection(c -> {
            handles.put(Connection.class, c);
            handles.put(Statement.class, c.createStatement());
            PreparedStatement ps = c.prepareStatement("select 1 where 1 = ?");
            handles.put(PreparedStatement.class, ps);
            handles.put(CallableStatement.class, c.prepareCall("select 1"));
            ps.setInt(1, 1);
            ResultSet rs = ps.executeQuery();
            handles.put(ResultSet.class, rs);
            handles.put(DatabaseMetaData.class, c.getMetaData());
            handles.put(PGConnection.class, c.unwrap(PGConnection.class));
            return null;
        });
        return handles;
    }

    @Test
    void everyMethodOfEveryHandleRefusesUseAfterTheCallback() throws Exception {
        Map<Class<?>, Object> handles = handlesOfOneCallback();
        List<String> notRefused = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<Class<?>, Object> e : handles.entrySet()) {
            for (Method m : e.getKey().getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || isExempt(e.getKey(), m)) {
                    continue;
                }
                calls++;
                Throwable thrown = invoke(e.getValue(), m);
                if (!(thrown instanceof ConnectionReleasedException)) {
                    notRefused.add(e.getKey().getSimpleName() + "." + m.getName() + m.getParameterCount() + " -> " + thrown);
                }
            }
        }
        assertThat(calls).as("methods called").isGreaterThan(600);
        assertThat(notRefused).isEmpty();
        Connection c = (Connection) handles.get(Connection.class);
        assertThat(c.isClosed()).isTrue();
        assertThat(((Statement) handles.get(Statement.class)).isClosed()).isTrue();
        assertThat(((ResultSet) handles.get(ResultSet.class)).isClosed()).isTrue();
        assertThat(db.diagnostics().status().active()).isZero();
    }

    /** The two methods a released connection answers: closing it again is harmless, and it says it is closed. */
    private static boolean isExempt(Class<?> type, Method m) {
        if (m.getName().equals("isClosed") && m.getParameterCount() == 0) {
            return true;
        }
        return type == Connection.class && m.getName().equals("close") && m.getParameterCount() == 0;
    }

    private static Throwable invoke(Object target, Method m) {
        Object[] args = new Object[m.getParameterCount()];
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            args[i] = defaultValue(types[i]);
        }
        try {
            m.invoke(target, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            return e;
        }
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class || type == short.class || type == byte.class) {
            return type == int.class ? 1 : type == short.class ? (Object) (short) 1 : (Object) (byte) 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == double.class) {
            return 1.0;
        }
        if (type == float.class) {
            return 1.0f;
        }
        if (type == String.class) {
            return "select 1";
        }
        if (type == Class.class) {
            return Object.class;
        }
        return null;
    }

    @Test
    void handlesRefuseUseOnceTheirLeaseIsRevokedAndTheCallNamesTheRevocation() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        RecordingReporter events = new RecordingReporter();
        try (Database revoking = Pg.builder().ticker(now::get).reclaimAfter(Duration.ofSeconds(1))
                .leakThreshold(Duration.ZERO).heldIdleThreshold(Duration.ZERO).addReporter(events).build()) {
            AtomicReference<Throwable> connectionUse = new AtomicReference<>();
            AtomicReference<Throwable> statementUse = new AtomicReference<>();
            AtomicReference<Throwable> resultUse = new AtomicReference<>();
            // The callback catches what its handles throw, so it returns; the point is what each use said.
            revoking.withConnection(c -> {
                PreparedStatement ps = c.prepareStatement("select 1");
                ResultSet rs = ps.executeQuery();
                now.addAndGet(Duration.ofSeconds(5).toNanos()); // held past reclaimAfter on the engine's clock
                await().atMost(Duration.ofSeconds(5)).until(() -> !events.of(EventType.LEASE_REVOKED).isEmpty());
                connectionUse.set(thrownBy(c::createStatement));
                statementUse.set(thrownBy(ps::executeQuery));
                resultUse.set(thrownBy(rs::next));
                return null;
            });
            for (AtomicReference<Throwable> use : List.of(connectionUse, statementUse, resultUse)) {
                assertThat(use.get()).isInstanceOf(LeaseRevokedException.class)
                        .hasMessageContaining("used after its lease was revoked: held for")
                        .hasMessageContaining("longer than reclaimAfter 1s");
            }
            assertThat(revoking.diagnostics().status().active()).isZero();
        }
    }

    @Test
    void aHandleCarriedToAnotherThreadIsRefusedThereAfterTheCallback() throws Exception {
        AtomicReference<Connection> connection = new AtomicReference<>();
        AtomicReference<PreparedStatement> statement = new AtomicReference<>();
        AtomicReference<Transaction> transaction = new AtomicReference<>();
        int inside = db.withConnection(c -> {
            connection.set(c);
            PreparedStatement ps = c.prepareStatement("select 41 + 1");
            statement.set(ps);
            // inside the callback another thread may use it: the fence is about the callback's end, not the thread
            CompletableFuture<Integer> elsewhere = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            return elsewhere.join();
        });
        assertThat(inside).isEqualTo(42);
        db.transaction(tx -> {
            transaction.set(tx);
            return null;
        });
        String where = "borrowed at dev.poolguard.FencedHandlesTest.aHandleCarriedToAnotherThreadIsRefusedThereAfterTheCallback(";
        List<Throwable> elsewhere = CompletableFuture.supplyAsync(() -> List.of(
                thrownBy(() -> connection.get().createStatement()),
                thrownBy(() -> statement.get().executeQuery()),
                thrownBy(() -> {
                    statement.get().setInt(1, 7);
                    return null;
                }),
                thrownBy(() -> transaction.get().query("select 1", rs -> 1)))).get(5, TimeUnit.SECONDS);
        assertThat(elsewhere).allSatisfy(t -> assertThat(t).isInstanceOf(ConnectionReleasedException.class)
                .hasMessageContaining("used after its callback returned").hasMessageContaining(where));
    }

    @Test
    void handlesLeadBackToEachOther() throws Exception {
        db.withConnection(c -> {
            PreparedStatement ps = c.prepareStatement("select 1");
            ResultSet rs = ps.executeQuery();
            assertThat(rs.getStatement()).isSameAs(ps);
            assertThat(ps.getConnection()).isSameAs(c);
            assertThat(c.unwrap(Connection.class)).isSameAs(c);
            assertThat(ps.unwrap(PreparedStatement.class)).isSameAs(ps);
            assertThat(c.getMetaData().getConnection()).isSameAs(c);
            Statement plain = c.createStatement();
            ResultSet tables = c.getMetaData().getTables(null, null, "pg_class", null);
            assertThat(tables.next()).isTrue();
            tables.close();
            assertThat(plain.execute("select 2")).isTrue();
            assertThat(plain.getResultSet().getStatement()).isSameAs(plain);
            return null;
        });
        assertThatThrownBy(() -> db.withConnection(c -> c.createStatement().unwrap(org.postgresql.jdbc.PgStatement.class)))
                .hasMessageContaining("unwrap(PgStatement.class) would hand out the connection beyond its callback");
    }

    @FunctionalInterface
    private interface Use {
        Object run() throws Exception;
    }

    private static Throwable thrownBy(Use use) {
        try {
            use.run();
            return null;
        } catch (Exception e) {
            return e instanceof ExecutionException ? e.getCause() : e;
        }
    }
}
