package dev.poolguard.lint;

import java.util.Arrays;
import java.util.Optional;

/** The lint's rules, with the id that appears in reports and the level SARIF consumers show. */
public enum Rule {

    CONNECTION_LEAK("connection-leak", "error",
            "A borrowed JDBC connection that can leak",
            "A java.sql.Connection borrowed from a DataSource, a pool, DriverManager or a configured borrow method that "
                    + "is not closed by try-with-resources or a finally on every path, or is kept in a field (unless the "
                    + "field belongs to an AutoCloseable whose close() closes it).",
            "Use Database.query/queryOne/update/transaction, which always release the connection; for raw JDBC, open "
                    + "it in try (Connection c = ...) { .. }."),

    POOL_BYPASS("pool-bypass", "warning",
            "Raw JDBC outside the classes and packages allowed to own it",
            "A JDBC connection borrowed, or a pool or DataSource created, outside the owners named in "
                    + "poolguard-lint.yml (owners.packages, owners.classes) or --allow-package: code that goes around "
                    + "Poolguard's limits, timeouts and leak detection.",
            "Use Database.query/queryOne/update/transaction; or, if this class is meant to own raw JDBC, name it "
                    + "under owners in poolguard-lint.yml."),

    FETCH_ALL_THEN_FILTER("fetch-all-then-filter", "warning",
            "A whole table is read, then searched or filtered in memory",
            "findAll(), getAll*() or a SELECT without WHERE/LIMIT whose result is then filtered with stream().filter, "
                    + "find/findFirst/anyMatch, removeIf, or a loop that returns or breaks on a comparison.",
            "Filter in SQL: a WHERE (and LIMIT) for the rows you need, e.g. a findByCallSid(..) repository method or "
                    + "db.queryOne(\"select ... where call_sid = ?\", mapper, callSid)."),

    FIRE_AND_FORGET("fire-and-forget", "warning",
            "Background work whose failure is never observed",
            "CompletableFuture.runAsync/supplyAsync, submit, execute, scheduleAtFixedRate/WithFixedDelay/schedule, "
                    + "new Thread(..) or a thread builder's start(..) whose result is dropped (no "
                    + "exceptionally/whenComplete/handle/join/get) and whose task catches nothing but may throw; not "
                    + "execute on a Netty event loop, nor threads and execute when a default uncaught-exception "
                    + "handler is installed.",
            "Observe the failure: .exceptionally/.whenComplete on the future, a try/catch that logs and reports inside "
                    + "the task, or submit it through db.tasks().");

    private final String id;
    private final String level;
    private final String title;
    private final String description;
    private final String fix;

    Rule(String id, String level, String title, String description, String fix) {
        this.id = id;
        this.level = level;
        this.title = title;
        this.description = description;
        this.fix = fix;
    }

    /** The id in reports: {@code connection-leak}. */
    public String id() {
        return id;
    }

    /** SARIF level: {@code error} or {@code warning}. */
    public String level() {
        return level;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** The general fix; each finding carries one specific to its code. */
    public String fix() {
        return fix;
    }

    public static Optional<Rule> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    /** {@code connection-leak, pool-bypass, ...} */
    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(Rule::id).toList());
    }
}
