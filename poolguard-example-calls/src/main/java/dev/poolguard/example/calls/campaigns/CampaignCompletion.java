package dev.poolguard.example.calls.campaigns;

import dev.poolguard.Transaction;
import dev.poolguard.example.calls.calls.CallStatus;

import java.util.Optional;

/**
 * Completes a campaign when its last call ends, and writes its summary to the outbox in the same transaction. The
 * caller must already hold the campaign's row lock (taken when the ending call freed its campaign slot), so of two
 * calls ending at once the second to commit sees the first as ended: the campaign completes once, never zero times.
 * The outbox row is unique per campaign, so a rerun transaction cannot write a second summary.
 */
public final class CampaignCompletion {

    public static final String SUMMARY_KIND = "campaign-summary";

    private record Owner(String email, String name) {
    }

    private final Summaries summaries;

    public CampaignCompletion(Summaries summaries) {
        this.summaries = summaries;
    }

    /** The outbox id of the summary when this call completed the campaign. */
    public Optional<Long> completeIfDone(Transaction tx, long campaignId) {
        Optional<Owner> owner = tx.queryOne("update campaigns k set status = 'completed', completed_at = now()"
                        + " from users u where k.id = ? and u.id = k.owner_id and k.status = 'running'"
                        + " and not exists (select 1 from calls c where c.campaign_id = k.id and c.status in " + CallStatus.OPEN_SQL + ")"
                        + " returning u.email, u.name",
                rs -> new Owner(rs.getString(1), rs.getString(2)), campaignId);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        CampaignSummary summary = summaries.read(tx, campaignId).orElseThrow();
        return tx.queryOne("insert into email_outbox (campaign_id, kind, recipient, subject, body, message_id)"
                        + " values (?, ?, ?, ?, ?, ?) on conflict (campaign_id, kind) do nothing returning id",
                rs -> rs.getLong(1), campaignId, SUMMARY_KIND, owner.get().email(), summary.subject(),
                summary.body(owner.get().name()), "<campaign-" + campaignId + "-summary@poolguard-calls>");
    }
}
