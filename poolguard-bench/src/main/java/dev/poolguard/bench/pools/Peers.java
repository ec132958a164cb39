package dev.poolguard.bench.pools;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.poolguard.bench.stub.StubDriver;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.vibur.dbcp.ViburDBCPDataSource;

import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Opens the peer pools the way HikariCP-benchmark configures them (each pool's validation on borrow, no minimum
 * idle unless asked, the same maximum and borrow timeout), with auto-commit on as Poolguard runs HikariCP, so the raw HikariCP
 * against Poolguard ratio is Poolguard's own cost.
 */
public final class Peers {

    private Peers() {
    }

    /** A peer pool and how to close it. */
    public record Opened(Pool pool, DataSource dataSource, AutoCloseable closer) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            closer.close();
        }
    }

    /**
     * Opens {@code pool} on {@code jdbcUrl} with at most {@code size} connections, keeping {@code minIdle} open; a borrow
     * waits at most {@code timeout}. {@code applicationName} is passed to pgjdbc (ignored by the stub driver).
     */
    public static Opened open(Pool pool, String jdbcUrl, int size, int minIdle, Duration timeout, String applicationName) {
        switch (pool) {
            case HIKARI: {
                HikariDataSource ds = new HikariDataSource(hikariConfig(jdbcUrl, size, minIdle, timeout, applicationName));
                return new Opened(pool, ds, ds::close);
            }
            case DBCP2: {
                BasicDataSource ds = new BasicDataSource();
                ds.setUrl(jdbcUrl);
                ds.setInitialSize(minIdle);
                ds.setMinIdle(minIdle);
                ds.setMaxIdle(size);
                ds.setMaxTotal(size);
                ds.setMaxWait(timeout);
                ds.setDefaultAutoCommit(true);
                ds.setRollbackOnReturn(true);
                ds.setTestOnBorrow(true);
                ds.setCacheState(true);
                ds.setFastFailValidation(true);
                ds.addConnectionProperty("ApplicationName", applicationName);
                return new Opened(pool, ds, ds::close);
            }
            case C3P0: {
                ComboPooledDataSource ds = new ComboPooledDataSource();
                ds.setJdbcUrl(jdbcUrl);
                ds.setAcquireIncrement(1);
                ds.setInitialPoolSize(minIdle);
                ds.setMinPoolSize(minIdle);
                ds.setMaxPoolSize(size);
                ds.setCheckoutTimeout((int) timeout.toMillis());
                ds.setTestConnectionOnCheckout(true);
                java.util.Properties props = new java.util.Properties();
                props.setProperty("ApplicationName", applicationName);
                ds.setProperties(props);
                return new Opened(pool, ds, ds::close);
            }
            case TOMCAT: {
                PoolProperties props = new PoolProperties();
                props.setUrl(jdbcUrl);
                props.setDriverClassName(driverClassName(jdbcUrl)); // else it warns on every connection it opens
                props.setInitialSize(minIdle);
                props.setMinIdle(minIdle);
                props.setMaxIdle(size);
                props.setMaxActive(size);
                props.setMaxWait((int) timeout.toMillis());
                props.setDefaultAutoCommit(true);
                props.setRollbackOnReturn(true);
                props.setUseDisposableConnectionFacade(true);
                props.setJdbcInterceptors("org.apache.tomcat.jdbc.pool.interceptor.ConnectionState;"
                        + "org.apache.tomcat.jdbc.pool.interceptor.StatementFinalizer");
                props.setTestOnBorrow(true);
                props.setValidationInterval(1000);
                props.setValidator((connection, action) -> {
                    try {
                        return connection.isValid(0);
                    } catch (SQLException e) {
                        return false;
                    }
                });
                props.setConnectionProperties("ApplicationName=" + applicationName);
                org.apache.tomcat.jdbc.pool.DataSource ds = new org.apache.tomcat.jdbc.pool.DataSource(props);
                return new Opened(pool, ds, ds::close);
            }
            case VIBUR: {
                ViburDBCPDataSource ds = new ViburDBCPDataSource();
                ds.setJdbcUrl(jdbcUrl);
                ds.setPoolFair(false);
                ds.setPoolInitialSize(minIdle);
                ds.setPoolMaxSize(size);
                ds.setConnectionTimeoutInMs(timeout.toMillis());
                ds.setDefaultAutoCommit(true);
                ds.setResetDefaultsAfterUse(true);
                ds.setConnectionIdleLimitInSeconds(30);
                // Vibur always passes user and password to the driver, so they must be set; the URL's own user wins.
                ds.setUsername(urlParameter(jdbcUrl, "user", "bench"));
                ds.setPassword("");
                java.util.Properties props = new java.util.Properties();
                props.setProperty("ApplicationName", applicationName);
                ds.setDriverProperties(props);
                ds.start();
                return new Opened(pool, ds, ds::terminate);
            }
            case AGROAL: {
                try {
                    AgroalDataSource ds = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                            .connectionPoolConfiguration(p -> p.initialSize(minIdle).minSize(minIdle).maxSize(size)
                                    .acquisitionTimeout(timeout).validateOnBorrow(true)
                                    .connectionFactoryConfiguration(f -> f.jdbcUrl(jdbcUrl).autoCommit(true)
                                            .jdbcProperty("ApplicationName", applicationName))));
                    return new Opened(pool, ds, ds::close);
                } catch (SQLException e) {
                    throw new IllegalStateException("could not start Agroal on " + jdbcUrl + ": " + e.getMessage(), e);
                }
            }
            default:
                throw new IllegalArgumentException(pool + " is not a peer pool; open Poolguard with Database.builder()");
        }
    }

    private static String driverClassName(String jdbcUrl) {
        return jdbcUrl.startsWith(StubDriver.URL) ? StubDriver.class.getName() : org.postgresql.Driver.class.getName();
    }

    private static String urlParameter(String jdbcUrl, String name, String otherwise) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]" + name + "=([^&]*)").matcher(jdbcUrl);
        return m.find() ? m.group(1) : otherwise;
    }

    /** Raw HikariCP configured like the pool inside Poolguard: its defaults, auto-commit on. */
    public static HikariConfig hikariConfig(String jdbcUrl, int size, int minIdle, Duration timeout, String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(minIdle);
        if (minIdle >= size) {
            config.setIdleTimeout(0); // a fixed-size pool: HikariCP warns that an idle timeout would do nothing
        }
        config.setConnectionTimeout(timeout.toMillis());
        config.setAutoCommit(true);
        config.setPoolName("raw-hikari");
        config.addDataSourceProperty("ApplicationName", applicationName);
        return config;
    }
}
