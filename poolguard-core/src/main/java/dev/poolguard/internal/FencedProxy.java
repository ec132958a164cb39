package dev.poolguard.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;

/**
 * The fenced handles that are not worth a class of their own: the connection's {@link DatabaseMetaData} and the
 * driver's own interfaces a fenced handle is unwrapped to ({@code PGConnection}, which no class here can know in
 * advance). A JDK proxy checks the fence before each call, like the hand-written {@link FencedConnection} does; these
 * are off the hot path.
 */
final class FencedProxy implements InvocationHandler {

    private final Object target;
    private final FencedConnection connection;

    private FencedProxy(Object target, FencedConnection connection) {
        this.target = target;
        this.connection = connection;
    }

    static <T> T of(Class<T> type, T target, FencedConnection connection) {
        if (target == null) {
            return null;
        }
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : FencedProxy.class.getClassLoader();
        return type.cast(Proxy.newProxyInstance(loader, new Class<?>[]{type}, new FencedProxy(target, connection)));
    }

    /**
     * {@code handle.unwrap(type)} on a fenced handle: the handle itself if it is one, else the driver's own object
     * behind it, fenced too: a proxy of the interface asked for, dead once the callback returns. What runs through it
     * is out of Poolguard's sight, so unwrapping counts as a statement on the lease (a transaction then reads its id
     * before COMMIT, and a lost connection is not taken for a stale one). A class cannot be proxied, so unwrapping to
     * one is refused rather than handing out the connection beyond its callback.
     */
    static <T> T unwrap(Class<T> type, Object handle, Wrapper target, FencedConnection connection) throws SQLException {
        if (type.isInstance(handle)) {
            return type.cast(handle);
        }
        if (!type.isInterface()) {
            throw new SQLException("unwrap(" + type.getSimpleName() + ".class) would hand out the connection beyond"
                    + " its callback; unwrap to an interface such as PGConnection, which Poolguard fences like the connection");
        }
        T inner = target.unwrap(type);
        connection.lease.driverHandleUnwrapped();
        return of(type, inner, connection);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals": return proxy == args[0];
                case "hashCode": return System.identityHashCode(proxy);
                default: return "Fenced" + target;
            }
        }
        if (method.getName().equals("isClosed") && method.getParameterCount() == 0 && !connection.isOpen()) {
            return true;
        }
        connection.check();
        if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class) {
            return unwrap((Class<?>) args[0], proxy, (Wrapper) target, connection);
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return fenced(method.getReturnType(), result);
    }

    private Object fenced(Class<?> type, Object result) {
        if (result == null) {
            return null;
        }
        if (type == Connection.class) {
            return connection;
        }
        if (type == ResultSet.class) {
            return new FencedResultSet(connection, null, (ResultSet) result, null, null);
        }
        if (type == Statement.class) {
            return new FencedStatement(connection, (Statement) result, null, null);
        }
        if (type == DatabaseMetaData.class) {
            return of(DatabaseMetaData.class, (DatabaseMetaData) result, connection);
        }
        return result;
    }
}
