package dev.poolguard.internal.sql;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The shape of a SQL statement: its fingerprint (literals and parameter lists normalised, so calls that differ only
 * in values group together) and whether it bounds its result ({@code LIMIT} / {@code FETCH FIRST}).
 *
 * <p>Shapes are cached per distinct SQL string (bounded), so the hot path pays one map lookup.
 */
public final class SqlShape {

    private static final int CACHE_LIMIT = 8192;
    private static final ConcurrentMap<String, SqlShape> CACHE = new ConcurrentHashMap<>();

    private static final java.util.regex.Pattern SESSION_ADVISORY_LOCK =
            java.util.regex.Pattern.compile("\\bpg_(try_)?advisory_lock(_shared)?\\s*\\(");
    private static final java.util.regex.Pattern SESSION_SET_CONFIG =
            java.util.regex.Pattern.compile("\\bset_config\\s*\\([^()]*,\\s*false\\s*\\)");

    private final String fingerprint;
    private final boolean bounded;
    private final String sessionState;
    private boolean cached;
    /** The SQL with Poolguard's leading call-site comment, made the first time it is sent. */
    private volatile String stamped;

    private SqlShape(String fingerprint, boolean bounded) {
        this.fingerprint = fingerprint;
        this.bounded = bounded;
        this.sessionState = sessionState(fingerprint);
    }

    public static SqlShape of(String sql) {
        SqlShape shape = CACHE.get(sql);
        if (shape == null) {
            String fp = fingerprint(sql);
            shape = new SqlShape(fp, hasRowLimit(fp));
            if (CACHE.size() < CACHE_LIMIT) {
                shape.cached = true;
                SqlShape raced = CACHE.putIfAbsent(sql, shape);
                if (raced != null) {
                    shape = raced;
                }
            }
        }
        return shape;
    }

    /** Normalised SQL: literals and parameter lists replaced, so calls differing only in values group together. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Whether the statement limits its rows (LIMIT, FETCH FIRST/NEXT). */
    public boolean bounded() {
        return bounded;
    }

    /**
     * What the statement leaves on its server connection beyond its transaction ({@code SET statement_timeout},
     * {@code pg_advisory_lock}, {@code LISTEN}, {@code PREPARE}, a temporary table kept past COMMIT, a cursor WITH HOLD),
     * or {@code null}. Behind a transaction pooler that state lands on a connection other clients get next.
     */
    public String sessionState() {
        return sessionState;
    }

    static String sessionState(String fingerprint) {
        if (fingerprint == null) {
            return null;
        }
        String fp = fingerprint.strip();
        if (fp.startsWith("set ")) {
            String rest = fp.substring(4).strip();
            if (rest.startsWith("local ") || rest.startsWith("transaction ") || rest.startsWith("constraints ")) {
                return null; // ends with the transaction
            }
            if (rest.startsWith("session ")) {
                rest = rest.substring(8).strip();
            }
            int end = 0;
            while (end < rest.length() && (Character.isLetterOrDigit(rest.charAt(end)) || rest.charAt(end) == '_' || rest.charAt(end) == '.')) {
                end++;
            }
            return "SET " + (end == 0 ? "" : rest.substring(0, end) + " ") + "(session-level; SET LOCAL ends with the transaction)";
        }
        if (fp.startsWith("reset ")) {
            return "RESET (session-level)";
        }
        if (fp.startsWith("listen ")) {
            return "LISTEN (notifications are delivered to a session)";
        }
        if (fp.startsWith("prepare ")) {
            return "PREPARE (a named prepared statement lives in a session)";
        }
        if (fp.startsWith("declare ") && fp.contains(" with hold")) {
            return "DECLARE ... WITH HOLD (the cursor outlives its transaction)";
        }
        if ((fp.startsWith("create temp") || fp.startsWith("create local temp") || fp.startsWith("create global temp"))
                && !fp.contains("on commit drop")) {
            return "CREATE TEMPORARY TABLE without ON COMMIT DROP (it lives in a session)";
        }
        if (SESSION_ADVISORY_LOCK.matcher(fp).find()) {
            return "pg_advisory_lock (a session-level lock, held until unlocked or the session ends)";
        }
        if (SESSION_SET_CONFIG.matcher(fp).find()) {
            return "set_config(..., false) (session-level)";
        }
        return null;
    }

    /**
     * The SQL with a leading comment naming the application and the call site that first sent it
     * ({@code /* poolguard app=billing at=com.acme.Dao.find(Dao.java:42) *}{@code / select ...}), so rows of
     * {@code pg_stat_activity} and PgHero-style tools point at the Java code. Made once per distinct SQL string: the
     * call-site walk (about 1.3 µs) is paid the first time only.
     */
    public String stamped(String sql, String application, java.util.function.Supplier<String> callSite) {
        if (!cached) {
            return sql; // SQL built with inline values overflows the cache: do not pay a stack walk per statement
        }
        String s = stamped;
        if (s == null) {
            s = "/* poolguard app=" + clean(application) + " at=" + clean(callSite.get()) + " */ " + sql;
            stamped = s;
        }
        return s;
    }

    private static final java.util.regex.Pattern STAMP =
            java.util.regex.Pattern.compile("^\\s*/\\* poolguard app=(.*?) at=(.*?) \\*/");

    /**
     * The call site named by the comment {@link #stamped} put in front of {@code sql}, as {@code pg_stat_activity} and
     * {@code pg_stat_statements} show the statement; {@code null} for SQL Poolguard did not stamp.
     */
    public static String stampedCallSite(String sql) {
        if (sql == null) {
            return null;
        }
        java.util.regex.Matcher m = STAMP.matcher(sql);
        return m.find() ? m.group(2) : null;
    }

    private static String clean(String s) {
        return s.replace("*/", "* /").replace("/*", "/ *");
    }

    @Override
    public String toString() {
        return fingerprint;
    }

    /** Normalised SQL: no comments, no literal values, lower-case keywords, one space, lists collapsed. */
    public static String fingerprint(String sql) {
        if (sql == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(sql.length(), 256));
        int n = sql.length();
        int i = 0;
        boolean pendingSpace = false;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                pendingSpace = out.length() > 0;
                i++;
                continue;
            }
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                pendingSpace = out.length() > 0;
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                if (c != ',' && c != ')') {
                    appendSpace(out);
                }
                pendingSpace = false;
            }
            if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'' && !identChar(prev(out)))) {
                i = skipString(sql, c == '\'' ? i : i + 1);
                out.append('?');
                continue;
            }
            if (c == '"') {
                int end = i + 1;
                while (end < n) {
                    if (sql.charAt(end) == '"') {
                        if (end + 1 < n && sql.charAt(end + 1) == '"') {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                out.append(sql, i, Math.min(n, end + 1));
                i = end + 1;
                continue;
            }
            if (c == '$' && !identChar(prev(out))) {
                if (i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                    i++;
                    while (i < n && Character.isDigit(sql.charAt(i))) {
                        i++;
                    }
                    out.append('?');
                    continue;
                }
                int tagEnd = i + 1;
                while (tagEnd < n && identChar(sql.charAt(tagEnd))) {
                    tagEnd++;
                }
                if (tagEnd < n && sql.charAt(tagEnd) == '$') {
                    String tag = sql.substring(i, tagEnd + 1);
                    int close = sql.indexOf(tag, tagEnd + 1);
                    i = close < 0 ? n : close + tag.length();
                    out.append('?');
                    continue;
                }
            }
            if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                if (!identChar(prev(out))) {
                    i++;
                    while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                        i++;
                    }
                    out.append('?');
                    continue;
                }
            }
            if (c == ';' && sql.substring(i + 1).isBlank()) {
                break;
            }
            if (c == ',') {
                out.append(", ");
                i++;
                continue;
            }
            out.append(Character.toLowerCase(c));
            i++;
        }
        return collapseLists(out.toString().strip());
    }

    /** {@code (?, ?, ?)} becomes {@code (...)}, and {@code (...), (...)} becomes {@code (...)}. */
    private static String collapseLists(String s) {
        String previous;
        String current = s;
        do {
            previous = current;
            current = current.replaceAll("\\(\\s*\\?(\\s*,\\s*\\?)*\\s*\\)", "(...)")
                    .replaceAll("\\(\\.\\.\\.\\)(\\s*,\\s*\\(\\.\\.\\.\\))+", "(...)")
                    .replaceAll("\\?(\\s*,\\s*\\?)+", "?, ...");
        } while (!current.equals(previous));
        return current;
    }

    /** Whether the fingerprint limits its rows at the outermost level: LIMIT or FETCH FIRST/NEXT. */
    static boolean hasRowLimit(String fingerprint) {
        if (fingerprint == null) {
            return false;
        }
        return fingerprint.matches("(?s).*\\blimit\\b.*") || fingerprint.matches("(?s).*\\bfetch (first|next)\\b.*");
    }

    private static int skipString(String sql, int quote) {
        int i = quote + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && i > 0 && (sql.charAt(quote - 1) == 'E' || sql.charAt(quote - 1) == 'e')) {
                i += 2;
                continue;
            }
            if (c == '\'') {
                if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return n;
    }

    private static void appendSpace(StringBuilder out) {
        char last = out.charAt(out.length() - 1);
        if (last != '(' && last != ' ') {
            out.append(' ');
        }
    }

    private static char prev(StringBuilder out) {
        return out.length() == 0 ? ' ' : out.charAt(out.length() - 1);
    }

    private static boolean identChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
