package dev.poolguard.dashboard;

import dev.poolguard.Database;
import dev.poolguard.PoolguardException;
import dev.poolguard.doctor.DoctorOptions;
import dev.poolguard.doctor.DoctorReport;

/**
 * {@code api/doctor}: {@code db.diagnostics().doctor()} with this pool's settings and the instance count the dashboard was given.
 * A diagnosis opens a connection and reads the server's catalogues, so reports are reused for a few seconds: a page
 * left open, or many of them, cannot turn the doctor into load.
 */
final class DoctorView {

    static final long REUSE_MILLIS = 5_000;

    private final Database db;
    private final DoctorOptions options;
    private DoctorReport last;
    private long lastAt;

    DoctorView(Database db, int instances) {
        this.db = db;
        this.options = DoctorOptions.forConfig(db.config()).instances(instances).build();
    }

    /** The report (or a fresh one when the last is older than {@link #REUSE_MILLIS}), or a 503 problem when it failed. */
    synchronized Object report(long nowMillis) throws DoctorFailed {
        if (last == null || nowMillis - lastAt >= REUSE_MILLIS) {
            try {
                last = db.diagnostics().doctor(options);
                lastAt = nowMillis;
            } catch (PoolguardException e) {
                // core's messages name host, credentials or database and mask the password
                throw new DoctorFailed(e.getMessage());
            }
        }
        return last;
    }

    /** The doctor could not run: connection or server failure. */
    static final class DoctorFailed extends Exception {
        private static final long serialVersionUID = 1L;

        DoctorFailed(String message) {
            super(message, null, false, false);
        }
    }
}
