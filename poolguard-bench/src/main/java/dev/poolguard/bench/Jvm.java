package dev.poolguard.bench;

/** Settings every benchmark JVM gets. */
final class Jvm {

    /** The bench module's own Logback configuration (WARN), so a JMH fork does not log at DEBUG. */
    static final String LOGBACK = "-Dlogback.configurationFile=poolguard-bench-logback.xml";

    private Jvm() {
    }
}
