package dev.poolguard.example.calls.campaigns;

import dev.poolguard.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Starts scheduled campaigns when they are due. Every instance runs it; each due campaign is locked with
 * {@code FOR UPDATE SKIP LOCKED} and started in the same transaction, so it starts once, in whichever instance gets it.
 */
public final class Scheduler {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    /** Campaigns one tick starts at most (one transaction each); the rest wait for the next tick. */
    static final int STARTS_PER_TICK = 10;

    private final Database db;
    private final CampaignStore campaigns;
    private final LongAdder started = new LongAdder();

    public Scheduler(Database db, CampaignStore campaigns) {
        this.db = db;
        this.campaigns = campaigns;
    }

    /** Starts the campaigns due now; returns how many this instance started. */
    public int startDueCampaigns() {
        int count = 0;
        while (count < STARTS_PER_TICK) {
            Optional<Long> id = db.transaction(tx -> campaigns.lockNextDue(tx).filter(c -> campaigns.start(tx, c)));
            if (id.isEmpty()) {
                break;
            }
            count++;
            started.increment();
            log.info("started scheduled campaign {}", id.get());
        }
        return count;
    }

    /** Scheduled campaigns this instance has started since it began. */
    public long started() {
        return started.sum();
    }
}
