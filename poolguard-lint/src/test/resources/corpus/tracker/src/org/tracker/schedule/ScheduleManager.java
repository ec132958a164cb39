package org.tracker.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Periodic jobs: a failure in one silently cancels it unless the job catches it. */
public class ScheduleManager {

    private static final Logger LOGGER = LoggerFactory.getLogger(ScheduleManager.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final DeviceUpdater updater;
    private final PositionPurger purger;

    public ScheduleManager(DeviceUpdater updater, PositionPurger purger) {
        this.updater = updater;
        this.purger = purger;
    }

    public void start() {
        executor.scheduleAtFixedRate(() -> {
            try {
                purger.purgeOlderThanDays(30);
            } catch (Exception e) {
                LOGGER.warn("Purge failed", e); // ok: handled, the schedule survives
            }
        }, 1, 1, TimeUnit.HOURS);
        executor.scheduleWithFixedDelay(this::updateDevices, 0, 30, TimeUnit.SECONDS); // expect: fire-and-forget
    }

    private void updateDevices() {
        updater.refreshStatuses();
    }

    public void stop() {
        executor.shutdown();
    }

    interface DeviceUpdater {
        void refreshStatuses();
    }

    interface PositionPurger {
        void purgeOlderThanDays(int days) throws Exception;
    }
}
