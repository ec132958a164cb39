package dev.poolguard.internal;

import dev.poolguard.guard.SqlShape;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Objects;

/**
 * JDBC objects handed to {@code withConnection} callbacks and lent by the leased {@code DataSource}: every method
 * first checks the {@link Fence}, statements record their SQL shape on the lease, failures are handed to the fence,
 * and {@code close()} on the connection goes to the fence (a harmless no-op in a callback, which returns the
 * connection itself; the end of the lease for a lent connection). Statements and result sets made from it are fenced the same way, so none of them outlive the callback.
 */
final class FencedJdbc implements InvocationHandler {

    private static final MethodHandle CONNECTION = constructor(Connection.class);
    private static final MethodHandle STATEMENT = constructor(Statement.class);
    private static final MethodHandle PREPARED = constructor(PreparedStatement.class);
    private static final MethodHandle CALLABLE = constructor(CallableStatement.class);
    private static final MethodHandle RESULT_SET = constructor(ResultSet.class);
    private static final MethodHandle METADATA = constructor(DatabaseMetaData.class);

    private final Object target;
    private final Fence fence;
    private final Object connectionProxy;
    /** For a result set: the fenced statement that made it, which {@code getStatement()} returns (frameworks compare them). */
    private final Object statementProxy;
    /** SQL of a prepared statement, or of the statement a result set came from, and its shape (looked up once). */
    private String sql;
    private SqlShape shape;
    /** Hash of the parameters bound since the last execute (N+1 detection tells parameter sets apart). */
    private int parameterHash = 1;
    private int rows;
    private boolean rowsJudged;

    private FencedJdbc(Object target, Fence fence, Object connectionProxy, String sql, SqlShape shape) {
        this(target, fence, connectionProxy, sql, shape, null);
    }

    private FencedJdbc(Object target, Fence fence, Object connectionProxy, String sql, SqlShape shape, Object statementProxy) {
        this.target = target;
        this.fence = fence;
        this.connectionProxy = connectionProxy;
        this.statementProxy = statementProxy;
        this.sql = sql;
        this.shape = shape;
    }

    static Connection connection(Connection target, Fence fence) {
        FencedJdbc handler = new FencedJdbc(target, fence, null, null, null);
        return (Connection) create(CONNECTION, handler);
    }

    private static MethodHandle constructor(Class<?> type) {
        try {
            Class<?> proxyClass = Proxy.newProxyInstance(FencedJdbc.class.getClassLoader(), new Class<?>[]{type},
                    (p, m, a) -> null).getClass();
            return MethodHandles.publicLookup().findConstructor(proxyClass, MethodType.methodType(void.class, InvocationHandler.class))
                    .asType(MethodType.methodType(Object.class, InvocationHandler.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Object create(MethodHandle constructor, InvocationHandler handler) {
        try {
            return constructor.invokeExact(handler);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            switch (name) {
                case "equals": return proxy == args[0];
                case "hashCode": return System.identityHashCode(proxy);
                default: return "Fenced" + target;
            }
        }
        boolean isConnection = target instanceof Connection;
        if (isConnection && name.equals("close")) {
            fence.connectionClosed(); // harmless in a callback (Poolguard releases it on return); a lent one goes back
            return null;
        }
        if (name.equals("isClosed")) {
            if (!fence.isOpen()) {
                return true;
            }
        } else {
            fence.check();
        }
        if (name.equals("unwrap") && args != null && args[0] instanceof Class) {
            return unwrap((Class<?>) args[0], proxy);
        }
        Engine engine = fence.engine();
        if (isConnection && name.equals("prepareStatement") && args != null && args[0] instanceof String) {
            sql = (String) args[0];
            shape = SqlShape.of(sql);
            if (engine != null) {
                args[0] = engine.sqlToSend(shape, sql);
            }
        }
        if (target instanceof PreparedStatement && name.startsWith("set") && args != null && args.length >= 2) {
            parameterHash = 31 * (31 * parameterHash + Objects.hashCode(args[0])) + Objects.hashCode(args[1]);
        }
        boolean executes = target instanceof Statement && name.startsWith("execute");
        boolean sqlGiven = executes && args != null && args.length > 0 && args[0] instanceof String;
        String executed = null;
        SqlShape executedShape = null;
        long start = 0;
        if (executes) {
            executed = sqlGiven ? (String) args[0] : sql;
            executedShape = sqlGiven ? SqlShape.of(executed) : shape;
            if (sqlGiven && engine != null) {
                args[0] = engine.sqlToSend(executedShape, executed);
            }
            start = fence.lease().statementStarted(executedShape == null ? fence.lease().sql() : executedShape.fingerprint());
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            // What reached the server; frameworks probe closed objects and catch what that throws.
            if (executes || (isConnection && (name.equals("commit") || name.equals("rollback")))) {
                fence.failed(executes ? executed : null, e.getCause());
            }
            throw e.getCause();
        } finally {
            if (executes) {
                fence.lease().statementEnded();
            }
        }
        if (isConnection && engine != null && result instanceof Statement) {
            engine.statementCreated((Statement) result);
        }
        if (executes && engine != null && executed != null && engine.guard().enabled()) {
            Guard guard = engine.guard();
            guard.timed(fence.lease(), executedShape, executed, fence.lease().lastActivityNanos() - start);
            int params = sqlGiven ? executed.hashCode() : parameterHash;
            guard.executed(fence.lease(), executedShape, executed, new Object[]{params});
            parameterHash = 1;
        }
        if (target instanceof ResultSet && engine != null && (name.equals("next") || name.equals("close")) && engine.guard().enabled()) {
            countRows(name, result);
        }
        return wrap(method.getReturnType(), result, proxy, executes ? executed : sql, executes ? executedShape : shape);
    }

    /**
     * The driver's own object behind this handle, fenced too: a proxy of the interface asked for, dead once the callback
     * returns. What runs through it is out of Poolguard's sight, so unwrapping counts as a statement on the lease (a
     * transaction then reads its id before COMMIT, and a lost connection is not taken for a stale one). A class cannot
     * be proxied, so unwrapping to one is refused rather than handing out the connection beyond its callback.
     */
    private Object unwrap(Class<?> type, Object proxy) throws Throwable {
        if (type.isInstance(proxy)) {
            return proxy;
        }
        if (!type.isInterface()) {
            throw new java.sql.SQLException("unwrap(" + type.getSimpleName() + ".class) would hand out the connection beyond"
                    + " its callback; unwrap to an interface such as PGConnection, which Poolguard fences like the connection");
        }
        Object inner = ((java.sql.Wrapper) target).unwrap(type);
        fence.lease().driverHandleUnwrapped();
        Object owner = connectionProxy != null ? connectionProxy : (target instanceof Connection ? proxy : null);
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : FencedJdbc.class.getClassLoader();
        return Proxy.newProxyInstance(loader, new Class<?>[]{type}, new FencedJdbc(inner, fence, owner, null, null));
    }

    /** Rows are counted as the caller reads them; the guard judges when the result is exhausted or closed. */
    private void countRows(String name, Object result) {
        if (rowsJudged) {
            return;
        }
        Guard guard = fence.engine().guard();
        int budget = guard.budget(fence.rowBudget());
        if (name.equals("next")) {
            if (Boolean.TRUE.equals(result)) {
                if (++rows > budget && shape != null) {
                    guard.overBudget(fence.lease(), shape, sql, rows, budget);
                }
                return;
            }
        } else if (!name.equals("close")) {
            return;
        }
        rowsJudged = true;
        if (shape != null) {
            guard.rowsRead(fence.lease(), shape, sql, rows, budget);
        }
    }

    private Object wrap(Class<?> type, Object result, Object proxy, String sqlOfResult, SqlShape shapeOfResult) {
        if (result == null) {
            return null;
        }
        Object owner = connectionProxy != null ? connectionProxy : (target instanceof Connection ? proxy : null);
        if (type == Connection.class) {
            return owner != null ? owner : result;
        }
        if (type == Statement.class && statementProxy != null) {
            return statementProxy;
        }
        // By the object, not the declared type: ResultSet.getStatement() declares Statement but may return a
        // PreparedStatement, which callers (Hibernate reading generated keys) cast back.
        if (type == CallableStatement.class || (type == Statement.class && result instanceof CallableStatement)) {
            return create(CALLABLE, new FencedJdbc(result, fence, owner, sqlOfResult, shapeOfResult));
        }
        if (type == PreparedStatement.class || (type == Statement.class && result instanceof PreparedStatement)) {
            return create(PREPARED, new FencedJdbc(result, fence, owner, sqlOfResult, shapeOfResult));
        }
        if (type == Statement.class) {
            return create(STATEMENT, new FencedJdbc(result, fence, owner, null, null));
        }
        if (type == ResultSet.class) {
            return create(RESULT_SET, new FencedJdbc(result, fence, owner, sqlOfResult, shapeOfResult,
                    target instanceof Statement ? proxy : null));
        }
        if (type == DatabaseMetaData.class) {
            return create(METADATA, new FencedJdbc(result, fence, owner, null, null));
        }
        return result;
    }
}
