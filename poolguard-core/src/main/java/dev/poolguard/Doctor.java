package dev.poolguard;

import dev.poolguard.doctor.DoctorOptions;
import dev.poolguard.doctor.DoctorReport;
import dev.poolguard.internal.doctor.Diagnosis;
import dev.poolguard.internal.doctor.Target;

/**
 * Diagnoses a PostgreSQL database from its URL without a pool: the entry point of {@code ./poolguard doctor}. A
 * running {@link dev.poolguard.Database} has {@link dev.poolguard.Database#doctor()} instead.
 *
 * <p>It opens one connection of its own (a second one only to tell a pooler's mode), read-only, each statement
 * bounded by {@link DoctorOptions#statementTimeout()}, and closes it before returning.
 */
public final class Doctor {

    private Doctor() {
    }

    /**
     * @param url     {@code postgres://user:password@host:5432/db} or {@code jdbc:postgresql://...}
     * @throws dev.poolguard.InvalidConfigurationException when the URL cannot be read (the message masks the password)
     * @throws DoctorConnectionException                   when no connection could be made, naming what was wrong
     */
    public static DoctorReport diagnose(String url, DoctorOptions options) {
        return Diagnosis.run(Target.of(url), options);
    }
}
