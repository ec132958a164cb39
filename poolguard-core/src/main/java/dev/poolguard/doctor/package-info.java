/**
 * {@code ./poolguard doctor} and {@code db.diagnostics().doctor()}: one short-lived, read-only connection reads the server's
 * limits, its sessions, its timeouts and its statistics, and a {@link dev.poolguard.doctor.DoctorReport} says what
 * is wrong in terms of the application's pool: each {@link dev.poolguard.doctor.Finding} carries a severity, the
 * numbers seen and the fix. {@link dev.poolguard.Doctor} is the entry point for a URL,
 * {@link dev.poolguard.Database#doctor()} for a running database; {@link dev.poolguard.doctor.DoctorOptions} carries
 * what the server cannot know (pool size, instance count, the pool's lifetimes, thresholds).
 */
package dev.poolguard.doctor;
