package dev.poolguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.poolguard.InvalidConfigurationException;
import dev.poolguard.PoolguardException;
import dev.poolguard.Doctor;
import dev.poolguard.doctor.DoctorOptions;
import dev.poolguard.doctor.DoctorReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code ./poolguard doctor [DATABASE_URL]}: diagnoses a live database against the application's pool on one
 * short-lived, read-only connection. Exit status 0 when nothing is above INFO, 1 when findings are, 2 on usage or
 * connection errors (the message says whether the host, the credentials or the database was wrong).
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Diagnose a PostgreSQL database against your pool: connection budget (pool size × instances"
                + " against max_connections), pooler and mode, sessions holding connections (idle in transaction, with"
                + " the Java call site for Poolguard's statements), timeouts in force, large tables searched without an"
                + " index, statements returning many rows, and a recommended pool size.",
                "Connects once, read-only, each statement bounded by a timeout; the password is masked in all output.",
                "Exit status: 0 nothing above INFO, 1 findings, 2 usage or connection error."})
final class DoctorCommand implements Callable<Integer> {

    enum Format { TEXT, JSON }

    /** The environment, replaceable by tests. */
    static Supplier<Map<String, String>> environment = System::getenv;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(arity = "0..1", paramLabel = "DATABASE_URL",
            description = "postgres://user:password@host:5432/db or jdbc:postgresql://…; default $DATABASE_URL.")
    String url;

    @Option(names = "--pool-size", paramLabel = "N",
            description = "Connections per instance (maxPoolSize); default $POOLGUARD_MAX_POOL_SIZE, else Poolguard's 20.")
    Integer poolSize;

    @Option(names = "--instances", paramLabel = "M", defaultValue = "1",
            description = "Instances running the pool at full scale, a rolling deploy's overlap included (default 1).")
    int instances;

    @Option(names = "--application-name", paramLabel = "NAME",
            description = "application_name of your service's sessions; default $POOLGUARD_APPLICATION_NAME, else poolguard.")
    String applicationName;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "text (default) or json (schema: docs/doctor-report.schema.json).")
    Format format;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "Bound on each of the doctor's own statements (default 5s).")
    Duration statementTimeout;

    @Option(names = "--hold-threshold", paramLabel = "DURATION", defaultValue = "5s",
            description = "Sessions idle in a transaction or waiting for a lock longer than this are findings (default 5s).")
    Duration holdThreshold;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, String> env = environment.get();
        String target = url != null ? url : env.get("DATABASE_URL");
        if (target == null || target.isBlank()) {
            throw new ParameterException(spec.commandLine(), "no database: pass DATABASE_URL as an argument or set the"
                    + " DATABASE_URL environment variable");
        }
        DoctorOptions options = options(env);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DoctorReport report;
        try {
            report = Doctor.diagnose(target, options);
        } catch (InvalidConfigurationException | PoolguardException e) {
            // core's messages mask the password already
            err.println(e.getMessage().startsWith("poolguard doctor:") ? e.getMessage() : "poolguard doctor: " + e.getMessage());
            err.flush();
            return 2;
        }
        out.print(format == Format.JSON ? json(report) + "\n" : report.toText());
        out.flush();
        return report.exitStatus();
    }

    private DoctorOptions options(Map<String, String> env) {
        try {
            DoctorOptions.Builder b = DoctorOptions.builder().instances(instances)
                    .statementTimeout(statementTimeout).holdThreshold(holdThreshold);
            if (poolSize != null) {
                b.poolSize(poolSize);
            } else if (env.get("POOLGUARD_MAX_POOL_SIZE") != null) {
                b.poolSize(Integer.parseInt(env.get("POOLGUARD_MAX_POOL_SIZE").strip()));
            }
            String name = applicationName != null ? applicationName : env.get("POOLGUARD_APPLICATION_NAME");
            if (name != null) {
                b.applicationName(name);
            }
            return b.build();
        } catch (InvalidConfigurationException e) {
            throw new ParameterException(spec.commandLine(), "--" + kebab(e.setting()) + ": " + e.getMessage()
                    .substring(e.setting().length() + 2));
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "POOLGUARD_MAX_POOL_SIZE: '"
                    + env.get("POOLGUARD_MAX_POOL_SIZE") + "' is not a number");
        }
    }

    static String json(DoctorReport report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the doctor's report as JSON", e);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
