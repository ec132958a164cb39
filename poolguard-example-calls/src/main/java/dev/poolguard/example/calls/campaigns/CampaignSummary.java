package dev.poolguard.example.calls.campaigns;

import java.util.List;

/**
 * A campaign's outcome: counts by final status and its top leads by score among answered calls. {@code conversations}:
 * answered calls whose Media Stream ended with {@code stop} after the voice agent answered the caller at least once.
 * {@code open} is the number of calls not over yet (0 once the campaign is completed).
 */
public record CampaignSummary(long campaignId, String name, String status, long calls, long answered, long conversations,
                              long noAnswer, long busy, long failed, long open, long talkSeconds, List<TopLead> topLeads) {

    public CampaignSummary {
        topLeads = List.copyOf(topLeads);
    }

    /** A lead that answered, by score. */
    public record TopLead(long leadId, String name, int score, Integer durationSeconds) {
    }

    /** The email text: what the incidents' "campaign summary email" said. */
    public String subject() {
        return "Campaign '" + name + "' finished: " + calls + " calls, " + answered + " answered";
    }

    public String body(String ownerName) {
        StringBuilder sb = new StringBuilder();
        sb.append("Hello ").append(ownerName).append(",\n\n")
                .append("your campaign '").append(name).append("' (#").append(campaignId).append(") has finished.\n\n")
                .append("Calls:      ").append(calls).append('\n')
                .append("Answered:   ").append(answered).append('\n')
                .append("Conversations: ").append(conversations).append(" completed with the agent\n")
                .append("No answer:  ").append(noAnswer).append('\n')
                .append("Busy:       ").append(busy).append('\n')
                .append("Failed:     ").append(failed).append('\n')
                .append("Talk time:  ").append(talkSeconds).append(" s\n\n");
        if (topLeads.isEmpty()) {
            sb.append("No lead answered.\n");
        } else {
            sb.append("Top leads by score:\n");
            for (TopLead lead : topLeads) {
                sb.append("  ").append(lead.score()).append("  ").append(lead.name());
                if (lead.durationSeconds() != null) {
                    sb.append(" (").append(lead.durationSeconds()).append(" s)");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
