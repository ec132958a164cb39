package dev.poolguard.example.calls.campaigns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolguard.SqlOperations;
import dev.poolguard.example.calls.calls.CallStatus;

import java.util.List;
import java.util.Optional;

/**
 * A campaign's summary in one query on indexed columns: the counts come from {@code calls_by_campaign} (each call's
 * stream by its unique {@code call_id}, for the conversations), the top leads
 * from {@code leads_by_score} joined to each lead's call by its unique {@code lead_id}. Runs on the database or inside
 * the transaction that completes the campaign.
 */
public final class Summaries {

    static final int TOP_LEADS = 5;

    private static final String SQL = "select k.id, k.name, k.status,"
            + " count(c.id) as calls,"
            + " count(c.id) filter (where c.status = 'completed') as answered,"
            + " count(s.id) filter (where s.conversation_completed) as conversations,"
            + " count(c.id) filter (where c.status = 'no-answer') as no_answer,"
            + " count(c.id) filter (where c.status = 'busy') as busy,"
            + " count(c.id) filter (where c.status in ('failed', 'canceled')) as failed,"
            + " count(c.id) filter (where c.status in " + CallStatus.OPEN_SQL + ") as open,"
            + " coalesce(sum(c.duration_seconds), 0) as talk_seconds,"
            + " (select coalesce(json_agg(json_build_object('leadId', t.id, 'name', t.name, 'score', t.score,"
            + "         'durationSeconds', t.duration_seconds) order by t.score desc, t.id), '[]')"
            + "    from (select l.id, l.name, l.score, lc.duration_seconds from leads l join calls lc on lc.lead_id = l.id"
            + "          where l.campaign_id = k.id and lc.status = 'completed'"
            + "          order by l.score desc, l.id limit " + TOP_LEADS + ") t) as top_leads"
            + " from campaigns k left join calls c on c.campaign_id = k.id left join call_streams s on s.call_id = c.id"
            + " where k.id = ? group by k.id";

    private static final TypeReference<List<CampaignSummary.TopLead>> TOP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public Summaries(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Optional<CampaignSummary> read(SqlOperations sql, long campaignId) {
        return sql.queryOne(SQL, rs -> new CampaignSummary(rs.getLong("id"), rs.getString("name"), rs.getString("status"),
                rs.getLong("calls"), rs.getLong("answered"), rs.getLong("conversations"), rs.getLong("no_answer"), rs.getLong("busy"),
                rs.getLong("failed"), rs.getLong("open"), rs.getLong("talk_seconds"), topLeads(rs.getString("top_leads"))),
                campaignId);
    }

    private List<CampaignSummary.TopLead> topLeads(String json) {
        try {
            return mapper.readValue(json, TOP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("top_leads is not the JSON the summary query builds: " + e.getOriginalMessage(), e);
        }
    }
}
