package dev.poolguard.testing;

import dev.poolguard.Database;
import dev.poolguard.status.LeaseInfo;
import dev.poolguard.tasks.TaskInfo;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Fails a test that leaves a connection lease open or a background task unfinished, naming the call site.
 *
 * <pre>{@code
 * static Database db = ...;
 *
 * @RegisterExtension
 * static PoolguardExtension poolguard = PoolguardExtension.watching(() -> db);
 * }</pre>
 *
 * After each test it gives leases and tasks a short grace period (default 2 s) to finish, then fails with, for
 * example: {@code test left 1 connection lease open: com.acme.Dao.find(Dao.java:12) held 2.1s on thread worker-1
 * (workload default, sql select ? from calls)}.
 */
public final class PoolguardExtension implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PoolguardExtension.class);

    private final Supplier<Database> database;
    private final Duration grace;
    private final boolean strictQueries;

    private PoolguardExtension(Supplier<Database> database, Duration grace, boolean strictQueries) {
        this.database = database;
        this.grace = grace;
        this.strictQueries = strictQueries;
    }

    /** Watches the database the supplier returns (called around each test; may return null before it exists). */
    public static PoolguardExtension watching(Supplier<Database> database) {
        return new PoolguardExtension(Objects.requireNonNull(database, "database"), Duration.ofSeconds(2), false);
    }

    /** How long leases and tasks may take to finish after the test body returns. */
    public PoolguardExtension grace(Duration grace) {
        return new PoolguardExtension(database, Objects.requireNonNull(grace, "grace"), strictQueries);
    }

    /**
     * Runs each test with the query guard in strict mode: an unbounded result or an N+1 fails the offending call with
     * {@code QueryGuardException} (naming the rule, the call site, the count and how to raise the budget).
     */
    public PoolguardExtension strictQueries() {
        return new PoolguardExtension(database, grace, true);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Database db = database.get();
        if (strictQueries && db != null && !db.isClosed()) {
            context.getStore(NAMESPACE).put("previousStrict", db.strictQueries());
            db.strictQueries(true);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        Database db = database.get();
        if (db == null || db.isClosed()) {
            return;
        }
        Boolean previous = context.getStore(NAMESPACE).remove("previousStrict", Boolean.class);
        if (previous != null) {
            db.strictQueries(previous);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        List<LeaseInfo> leases = db.diagnostics().leases();
        List<TaskInfo> tasks = db.tasks().pending();
        while ((!leases.isEmpty() || !tasks.isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            leases = db.diagnostics().leases();
            tasks = db.tasks().pending();
        }
        List<String> problems = new ArrayList<>();
        if (!leases.isEmpty()) {
            StringBuilder sb = new StringBuilder("test left " + leases.size() + " connection lease" + (leases.size() == 1 ? "" : "s") + " open:");
            for (LeaseInfo l : leases) {
                sb.append("\n  ").append(l.callSite()).append(" held ").append(seconds(l.heldFor())).append(" on thread ")
                        .append(l.thread()).append(" (workload ").append(l.workload())
                        .append(l.inTransaction() ? ", in transaction" : "")
                        .append(l.sql() == null ? "" : ", sql " + l.sql()).append(')');
            }
            problems.add(sb.toString());
        }
        if (!tasks.isEmpty()) {
            StringBuilder sb = new StringBuilder("test left " + tasks.size() + " background task" + (tasks.size() == 1 ? "" : "s") + " unfinished:");
            for (TaskInfo t : tasks) {
                sb.append("\n  '").append(t.name()).append("' ").append(t.context()).append(" submitted at ").append(t.submittedAt())
                        .append(t.running() ? ", running" : ", queued");
            }
            problems.add(sb.toString());
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems) + "\n(after a grace period of " + seconds(grace) + ")");
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
