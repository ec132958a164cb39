/**
 * Poolguard's core: the {@code Database} facade over HikariCP and what it reports. Only the API packages are
 * exported; {@code dev.poolguard.internal} and its subpackages are implementation and may change in any release.
 */
module dev.poolguard {
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;
    requires org.slf4j;

    exports dev.poolguard;
    exports dev.poolguard.classify;
    exports dev.poolguard.doctor;
    exports dev.poolguard.event;
    exports dev.poolguard.guard;
    exports dev.poolguard.pooler;
    exports dev.poolguard.retry;
    exports dev.poolguard.status;
    exports dev.poolguard.tasks;
}
