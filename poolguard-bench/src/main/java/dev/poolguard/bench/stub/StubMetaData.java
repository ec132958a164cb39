package dev.poolguard.bench.stub;

import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;

/**
 * Database metadata for pools that read it when they open a connection (never on a borrow, so a proxy is fast
 * enough): names and versions of a JDBC 4.2 driver, no features, zero limits.
 */
final class StubMetaData {

    private StubMetaData() {
    }

    static DatabaseMetaData of(StubConnection connection) {
        return (DatabaseMetaData) Proxy.newProxyInstance(StubMetaData.class.getClassLoader(), new Class<?>[]{DatabaseMetaData.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getConnection": return connection;
                        case "getURL": return StubDriver.URL;
                        case "getJDBCMajorVersion": return 4;
                        case "getJDBCMinorVersion": return 2;
                        case "getDatabaseMajorVersion": case "getDriverMajorVersion": return 1;
                        case "hashCode": return System.identityHashCode(proxy);
                        case "equals": return proxy == args[0];
                        default: break;
                    }
                    Class<?> type = method.getReturnType();
                    if (type == String.class) {
                        return "stub";
                    }
                    if (type == boolean.class) {
                        return false;
                    }
                    if (type == int.class) {
                        return 0;
                    }
                    if (type == long.class) {
                        return 0L;
                    }
                    return null;
                });
    }
}
