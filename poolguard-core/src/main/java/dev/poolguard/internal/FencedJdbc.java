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

/**
 * JDBC objects handed to {@code withConnection} callbacks: every method first checks the {@link Fence}, statements
 * record their SQL shape on the lease, and {@code close()} on the connection is a harmless no-op (Poolguard returns
 * it). Statements and result sets made from it are fenced the same way, so none of them outlive the callback.
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

    private FencedJdbc(Object target, Fence fence, Object connectionProxy) {
        this.target = target;
        this.fence = fence;
        this.connectionProxy = connectionProxy;
    }

    static Connection connection(Connection target, Fence fence) {
        FencedJdbc handler = new FencedJdbc(target, fence, null);
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
            return null; // harmless: Poolguard releases the connection when the callback returns
        }
        if (name.equals("isClosed")) {
            if (!fence.isOpen()) {
                return true;
            }
        } else {
            fence.check();
        }
        if (isConnection && (name.equals("prepareStatement") || name.equals("prepareCall")) && args != null && args[0] instanceof String) {
            fence.lease().statementStarted(SqlShape.of((String) args[0]).fingerprint());
        } else if (target instanceof Statement && name.startsWith("execute")) {
            String sql = args != null && args.length > 0 && args[0] instanceof String ? (String) args[0] : null;
            fence.lease().statementStarted(sql == null ? fence.lease().sql() : SqlShape.of(sql).fingerprint());
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            if (target instanceof Statement && name.startsWith("execute")) {
                fence.lease().statementEnded();
            }
        }
        return wrap(method.getReturnType(), result, proxy);
    }

    private Object wrap(Class<?> type, Object result, Object proxy) {
        if (result == null) {
            return null;
        }
        Object owner = connectionProxy != null ? connectionProxy : (target instanceof Connection ? proxy : null);
        if (type == Connection.class) {
            return owner != null ? owner : result;
        }
        if (type == CallableStatement.class) {
            return create(CALLABLE, new FencedJdbc(result, fence, owner));
        }
        if (type == PreparedStatement.class) {
            return create(PREPARED, new FencedJdbc(result, fence, owner));
        }
        if (type == Statement.class) {
            return create(STATEMENT, new FencedJdbc(result, fence, owner));
        }
        if (type == ResultSet.class) {
            return create(RESULT_SET, new FencedJdbc(result, fence, owner));
        }
        if (type == DatabaseMetaData.class) {
            return create(METADATA, new FencedJdbc(result, fence, owner));
        }
        return result;
    }
}
