package dev.poolguard.lint;

/** The lint's rules, with the id that appears in reports and the level SARIF consumers show. */
public enum Rule {

    RAW_CONNECTION("raw-connection", "error",
            "A connection taken from a pool, DataSource or DriverManager that can leak or bypasses Poolguard",
            "getConnection() whose result is not closed by try-with-resources (or a finally), is stored in a field, "
                    + "or is called outside the allowed packages; and pools or DataSources created outside them.",
            "Use Database.query/queryOne/update/transaction, which always release the connection; keep raw JDBC in "
                    + "an allowed package, opened in try-with-resources."),

    FETCH_ALL_THEN_FILTER("fetch-all-then-filter", "warning",
            "A whole table is read, then searched or filtered in memory",
            "findAll(), getAll*() or a SELECT without WHERE/LIMIT whose result is then filtered with stream().filter, "
                    + "find/findFirst/anyMatch, removeIf, or a loop that returns or breaks on a comparison.",
            "Filter in SQL: a WHERE (and LIMIT) for the rows you need, e.g. a findByCallSid(..) repository method or "
                    + "db.queryOne(\"select ... where call_sid = ?\", mapper, callSid)."),

    FIRE_AND_FORGET("fire-and-forget", "warning",
            "Background work whose failure is never observed",
            "CompletableFuture.runAsync/supplyAsync, executor.submit/execute or new Thread(..) whose result is dropped "
                    + "(no exceptionally/whenComplete/handle/join/get) and whose task catches nothing.",
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

    /** The id in reports: {@code raw-connection}. */
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
}
