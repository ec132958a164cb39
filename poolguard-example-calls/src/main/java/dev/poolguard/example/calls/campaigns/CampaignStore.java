package dev.poolguard.example.calls.campaigns;

import dev.poolguard.Database;
import dev.poolguard.Transaction;
import dev.poolguard.example.calls.http.ApiException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Campaigns and their leads. Every write runs in a transaction (rerun whole if the connection is lost); starting a
 * campaign creates its calls and queues them in the transaction that marks it running, so it starts exactly once.
 */
public final class CampaignStore {

    /** Leads one request may add. */
    public static final int MAX_LEADS_PER_REQUEST = 1000;

    private final Database db;

    public CampaignStore(Database db) {
        this.db = db;
    }

    public Campaign create(long ownerId, String name, String fromNumber, int maxConcurrentCalls) {
        return db.transaction(tx -> tx.queryOne("insert into campaigns (owner_id, name, from_number, max_concurrent_calls)"
                + " select id, ?, ?, ? from users where id = ? returning " + Campaign.COLUMNS, Campaign::map,
                name, fromNumber, maxConcurrentCalls, ownerId))
                .orElseThrow(() -> ApiException.invalid("ownerId", "is not a user: no user " + ownerId));
    }

    public Optional<Campaign> find(long id) {
        return db.queryOne("select " + Campaign.COLUMNS + " from campaigns where id = ?", Campaign::map, id);
    }

    public long leadCount(long campaignId) {
        return db.queryOne("select count(*) from leads where campaign_id = ?", rs -> rs.getLong(1), campaignId).orElse(0L);
    }

    /** Adds leads in one statement; a phone already in the campaign is skipped. Returns how many were added. */
    public int addLeads(long campaignId, List<NewLead> leads) {
        String[] names = new String[leads.size()];
        String[] phones = new String[leads.size()];
        Integer[] scores = new Integer[leads.size()];
        for (int i = 0; i < leads.size(); i++) {
            names[i] = leads.get(i).name();
            phones[i] = leads.get(i).phone();
            scores[i] = leads.get(i).score() == null ? 0 : leads.get(i).score();
        }
        return db.transaction(tx -> {
            Campaign campaign = lockForChange(tx, campaignId);
            if (!campaign.editable()) {
                throw ApiException.conflict("campaign " + campaignId + " is " + campaign.status(),
                        "leads can be added only to a draft or scheduled campaign");
            }
            return tx.update("insert into leads (campaign_id, name, phone, score)"
                    + " select ?, t.name, t.phone, t.score from unnest(?::text[], ?::text[], ?::int[]) as t(name, phone, score)"
                    + " on conflict (campaign_id, phone) do nothing", campaignId, names, phones, scores);
        });
    }

    /** Starts a draft or scheduled campaign now; 409 when it runs already or has no leads. */
    public Campaign startNow(long campaignId) {
        return db.transaction(tx -> {
            Campaign campaign = lockForChange(tx, campaignId);
            checkStartable(tx, campaign);
            start(tx, campaignId);
            return reread(tx, campaignId);
        });
    }

    public Campaign schedule(long campaignId, Instant at) {
        return db.transaction(tx -> {
            Campaign campaign = lockForChange(tx, campaignId);
            checkStartable(tx, campaign);
            tx.update("update campaigns set status = 'scheduled', scheduled_at = ? where id = ?", at, campaignId);
            return reread(tx, campaignId);
        });
    }

    /**
     * Marks the campaign running and queues one call per lead, if it is still draft or scheduled. Returns whether
     * this transaction started it (false: another instance or request did).
     */
    boolean start(Transaction tx, long campaignId) {
        int started = tx.update("update campaigns set status = 'running', started_at = now() where id = ?"
                + " and status in ('draft', 'scheduled')", campaignId);
        if (started == 0) {
            return false;
        }
        tx.update("insert into calls (lead_id, campaign_id, user_id) select l.id, l.campaign_id, k.owner_id"
                + " from leads l join campaigns k on k.id = l.campaign_id where l.campaign_id = ?"
                + " on conflict (lead_id) do nothing", campaignId);
        tx.update("insert into call_queue (call_id) select id from calls where campaign_id = ? and status = 'queued'"
                + " on conflict (call_id) do nothing", campaignId);
        return true;
    }

    /** One campaign due to start, locked so that no other instance's scheduler starts it too. */
    Optional<Long> lockNextDue(Transaction tx) {
        return tx.queryOne("select id from campaigns where status = 'scheduled' and scheduled_at <= now()"
                + " order by scheduled_at, id limit 1 for update skip locked", rs -> rs.getLong(1));
    }

    private static Campaign lockForChange(Transaction tx, long campaignId) {
        return tx.queryOne("select " + Campaign.COLUMNS + " from campaigns where id = ? for update", Campaign::map, campaignId)
                .orElseThrow(() -> ApiException.notFound("campaign " + campaignId));
    }

    private static void checkStartable(Transaction tx, Campaign campaign) {
        if (!campaign.editable()) {
            throw ApiException.conflict("campaign " + campaign.id() + " is " + campaign.status(),
                    "only a draft or scheduled campaign can be started or scheduled");
        }
        boolean hasLeads = tx.queryOne("select exists (select 1 from leads where campaign_id = ?)", rs -> rs.getBoolean(1),
                campaign.id()).orElse(false);
        if (!hasLeads) {
            throw ApiException.conflict("campaign " + campaign.id() + " has no leads", "add leads before starting it");
        }
    }

    private static Campaign reread(Transaction tx, long campaignId) {
        return tx.queryOne("select " + Campaign.COLUMNS + " from campaigns where id = ?", Campaign::map, campaignId).orElseThrow();
    }
}
