package dev.poolguard.bench.stub;

import java.sql.SQLFeatureNotSupportedException;

/** What the stubs throw for JDBC they do not need: a pool that calls it shows up in the smoke run, by name. */
final class Unsupported {

    private Unsupported() {
    }

    static SQLFeatureNotSupportedException sql(String method) {
        return new SQLFeatureNotSupportedException("the stub driver does not support " + method + "()");
    }

    static UnsupportedOperationException op(String method) {
        return new UnsupportedOperationException("the stub driver does not support " + method + "()");
    }
}
