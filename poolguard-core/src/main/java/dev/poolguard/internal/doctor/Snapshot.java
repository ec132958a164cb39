package dev.poolguard.internal.doctor;

import java.util.List;
import java.util.Map;

/** What the doctor read from the server in its one read-only transaction. */
record Snapshot(String version, int versionNumber, String database, String user, int ownPid, String ownClient,
                Map<String, ServerSetting> settings, List<Backend> backends, List<Table> tables,
                List<Statement> statements, boolean statementsInstalled) {

    /** A row of pg_settings: the raw value with its unit, and where it came from. */
    record ServerSetting(String name, String setting, String unit, String source) {

        long asLong() {
            try {
                return Long.parseLong(setting);
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        /** The value in milliseconds for time settings (unit ms, s or min); 0 is off for the timeouts. */
        long millis() {
            long v = asLong();
            if (unit == null) {
                return v;
            }
            switch (unit) {
                case "s": return v * 1000;
                case "min": return v * 60_000;
                case "h": return v * 3_600_000;
                default: return v;
            }
        }
    }

    /** A client backend in pg_stat_activity (the doctor's own excluded). */
    record Backend(int pid, String database, boolean sameDatabase, String application, String client, String state,
                   Long transactionMillis, long stateMillis, long queryMillis, String waitEventType, String waitEvent,
                   String query, List<Integer> blockedBy) {

        boolean idleInTransaction() {
            return state.startsWith("idle in transaction");
        }

        boolean active() {
            return state.equals("active");
        }

        boolean waitingForLock() {
            return "Lock".equals(waitEventType) && !blockedBy.isEmpty();
        }

        boolean queryVisible() {
            return query != null && !query.isBlank() && !query.equals("<insufficient privilege>");
        }
    }

    /**
     * A large table read by sequential scans, with the statements that touch it and what their plans say.
     *
     * @param unindexedColumns columns filtered by a sequential scan in a current plan, no index leading with them
     * @param explained        statements touching the table whose plans could be read
     * @param callSites        call sites of statements whose plans scan it sequentially
     * @param evidenceFilter   one plan's filter, as the planner printed it
     * @param evidenceSql      the statement that plan belongs to (a fingerprint)
     * @param wholeReads       statements whose plans read the whole table (a sequential scan with no filter)
     */
    record Table(String schema, String name, long rows, long seqScans, long seqRowsRead, long indexScans,
                 List<String> unindexedColumns, int explained, List<String> callSites, String evidenceFilter,
                 String evidenceSql, List<String> wholeReads) {

        String qualified() {
            return schema.equals("public") ? name : schema + "." + name;
        }
    }

    /** A row of pg_stat_statements (this database only). */
    record Statement(String query, long calls, long rows, double meanMillis) {
    }
}
