package dev.poolguard.doctor;

import dev.poolguard.internal.text.Human;
import dev.poolguard.event.Severity;
import dev.poolguard.doctor.DoctorReport.Mode;

import java.util.Locale;

/** The terminal form of a report: findings first (worst first, three lines each), then the sections behind them. */
final class ReportText {

    private ReportText() {
    }

    static String render(DoctorReport r) {
        StringBuilder out = new StringBuilder();
        DoctorReport.Server server = r.server();
        out.append("Poolguard doctor · ").append(r.target()).append('\n');
        out.append("PostgreSQL ").append(server.version()).append(" · database ").append(server.database())
                .append(" as ").append(server.user()).append(" · ").append(via(r.pooler())).append(" · checked in ")
                .append(r.elapsedMillis()).append(" ms\n\n");

        long errors = count(r, Severity.ERROR);
        long warnings = count(r, Severity.WARNING);
        long infos = r.findings().size() - errors - warnings;
        out.append("Findings: ").append(plural(errors, "error")).append(", ").append(plural(warnings, "warning"))
                .append(", ").append(infos).append(" info\n\n");
        for (Finding f : r.findings()) {
            out.append(String.format(Locale.ROOT, "%-8s %-12s %s%n", f.severity(), f.area().name().toLowerCase(Locale.ROOT), f.title()));
            if (f.subject() != null) {
                out.append("         about: ").append(f.subject()).append('\n');
            }
            out.append("         seen:  ").append(f.evidence()).append('\n');
            out.append("         fix:   ").append(f.fix()).append("\n\n");
        }

        DoctorReport.Budget b = r.budget();
        out.append("Connection budget\n  max_connections ").append(b.maxConnections()).append(" − ").append(b.reserved())
                .append(" reserved = ").append(b.usable()).append(" usable; pool ").append(b.poolSize())
                .append(b.poolSizeGiven() ? "" : " (default)").append(" × ").append(b.instances()).append(" instance")
                .append(b.instances() == 1 ? "" : "s").append(" = ").append(b.demand()).append("; in use now ")
                .append(b.inUse()).append(" (").append(b.inUseByApplication()).append(" with the application's name)\n\n");

        out.append("Connections in use\n");
        if (r.connections().isEmpty()) {
            out.append("  (none besides the doctor's)\n");
        } else {
            out.append(String.format(Locale.ROOT, "  %5s  %-24s %-30s %s%n", "count", "application", "state", "client"));
            for (DoctorReport.ConnectionGroup g : r.connections()) {
                out.append(String.format(Locale.ROOT, "  %5d  %-24s %-30s %s%n", g.count(),
                        g.application().isEmpty() ? "(none)" : g.application(), g.state(), g.client()));
            }
        }
        out.append('\n');

        out.append("Pooler\n  ").append(via(r.pooler())).append('\n');
        for (String e : r.pooler().evidence()) {
            out.append("  - ").append(e).append('\n');
        }
        out.append('\n');

        out.append("Holders\n");
        if (r.sessions().isEmpty()) {
            out.append("  (no session over the thresholds)\n");
        } else {
            for (DoctorReport.Session s : r.sessions()) {
                out.append(String.format(Locale.ROOT, "  pid %-7d %-22s %-9s %s · %s%n", s.pid(), s.state(),
                        Human.millis(s.stateMillis()), s.application(),
                        s.callSite() != null ? s.callSite() : s.fingerprint()));
                if (!s.blockedBy().isEmpty()) {
                    out.append("            waits for ").append(s.waitingFor()).append(" held by pid ")
                            .append(s.blockedBy().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")))
                            .append('\n');
                }
            }
        }
        out.append('\n');

        out.append("Settings in force (for role ").append(server.user()).append(" in database ").append(server.database()).append(")\n");
        for (DoctorReport.Setting s : r.settings()) {
            out.append(String.format(Locale.ROOT, "  %-38s %-28s %s%n", s.name(), s.value(), s.source()));
        }
        out.append('\n');

        if (!r.tables().isEmpty()) {
            out.append("Large tables read by sequential scans\n");
            for (DoctorReport.TableScan t : r.tables()) {
                out.append("  ").append(t.table()).append(": ").append(Human.count(t.rows())).append(" rows, ")
                        .append(Human.count(t.seqScans())).append(" sequential scans (")
                        .append(Human.count(t.seqRowsRead())).append(" rows read), ").append(Human.count(t.indexScans()))
                        .append(" index scans").append(t.unindexedColumns().isEmpty() ? "" : "; searched without an index by "
                                + String.join(", ", t.unindexedColumns())).append('\n');
            }
            out.append('\n');
        }
        if (!r.statements().isEmpty()) {
            out.append("Statements returning many rows per call\n");
            for (DoctorReport.StatementStat s : r.statements()) {
                out.append("  ").append(Human.count(s.rowsPerCall())).append(" rows/call × ").append(Human.count(s.calls()))
                        .append(" calls: ").append(s.fingerprint()).append(s.callSite() == null ? "" : " at " + s.callSite()).append('\n');
            }
            out.append('\n');
        }

        out.append("Sizing: ").append(r.sizing().recommendedPoolSize()).append(" connections per instance\n");
        for (String line : r.sizing().reasoning()) {
            out.append("  ").append(line).append('\n');
        }
        if (!r.notes().isEmpty()) {
            out.append("\nNotes\n");
            for (String n : r.notes()) {
                out.append("  - ").append(n).append('\n');
            }
        }
        out.append('\n').append(r.exitStatus() == 0 ? "Nothing above INFO." : "Findings above INFO: exit status 1.").append('\n');
        return out.toString();
    }

    private static String via(DoctorReport.Pooler p) {
        return p.mode() == Mode.DIRECT ? "direct connection"
                : p.name() + ", " + p.mode().name().toLowerCase(Locale.ROOT) + " mode";
    }

    private static long count(DoctorReport r, Severity severity) {
        return r.findings().stream().filter(f -> f.severity() == severity).count();
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
