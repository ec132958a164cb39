package dev.poolguard.example.calls.campaigns;

import dev.poolguard.example.calls.calls.Call;
import dev.poolguard.example.calls.calls.CallStatus;
import dev.poolguard.example.calls.calls.CallStore;
import dev.poolguard.example.calls.http.ApiException;
import dev.poolguard.example.calls.http.Fields;
import dev.poolguard.example.calls.http.Page;
import dev.poolguard.example.calls.http.Requests;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The campaign endpoints: create, add leads, start, schedule, progress, calls (paged), summary. */
public final class CampaignApi {

    /** {@code POST /campaigns}. */
    public record NewCampaign(Long ownerId, String name, String fromNumber, Integer maxConcurrentCalls) {
    }

    /** {@code POST /campaigns/{id}/leads}. */
    public record NewLeads(List<NewLead> leads) {
    }

    /** {@code POST /campaigns/{id}/schedule}. */
    public record ScheduleAt(String at) {
    }

    /** The answer to {@code POST /campaigns/{id}/leads}. */
    public record LeadsAdded(int added, int duplicates) {
    }

    /** How far a campaign has got. {@code active} calls hold a concurrency slot; {@code ended} reached a final status. */
    public record Progress(long leads, long queued, long active, long ended, Map<String, Long> byStatus) {
    }

    /** {@code GET /campaigns/{id}}. */
    public record CampaignView(Campaign campaign, Progress progress) {
    }

    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;

    private final CampaignStore campaigns;
    private final CallStore calls;
    private final Summaries summaries;
    private final dev.poolguard.Database db;
    private final Requests requests;

    public CampaignApi(CampaignStore campaigns, CallStore calls, Summaries summaries, dev.poolguard.Database db, Requests requests) {
        this.campaigns = campaigns;
        this.calls = calls;
        this.summaries = summaries;
        this.db = db;
        this.requests = requests;
    }

    public void create(Context ctx) {
        NewCampaign body = requests.body(ctx, NewCampaign.class);
        Fields f = new Fields();
        Long owner = f.required("ownerId", body.ownerId());
        String name = f.text("name", body.name(), 1, 200);
        String from = f.phone("fromNumber", body.fromNumber());
        int max = f.range("maxConcurrentCalls", body.maxConcurrentCalls(), 3, 1, 1000);
        f.throwIfInvalid();
        ctx.status(201).json(campaigns.create(owner, name, from, max));
    }

    public void get(Context ctx) {
        Campaign campaign = find(ctx);
        Map<String, Long> byStatus = calls.countsByStatus(campaign.id());
        long active = CallStatus.ACTIVE.stream().mapToLong(s -> byStatus.getOrDefault(s.value(), 0L)).sum();
        long queued = byStatus.getOrDefault(CallStatus.QUEUED.value(), 0L);
        long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
        ctx.json(new CampaignView(campaign, new Progress(campaigns.leadCount(campaign.id()), queued, active,
                total - active - queued, byStatus)));
    }

    public void addLeads(Context ctx) {
        long id = Requests.id(ctx, "id", "campaign");
        NewLeads body = requests.body(ctx, NewLeads.class);
        Fields f = new Fields();
        List<NewLead> leads = f.required("leads", body.leads());
        if (leads != null) {
            if (leads.isEmpty() || leads.size() > CampaignStore.MAX_LEADS_PER_REQUEST) {
                f.error("leads", "must hold 1 to " + CampaignStore.MAX_LEADS_PER_REQUEST + " leads per request, had " + leads.size());
            } else {
                for (int i = 0; i < leads.size(); i++) {
                    NewLead lead = leads.get(i);
                    if (lead == null) {
                        f.error("leads[" + i + "]", "is null");
                        continue;
                    }
                    f.text("leads[" + i + "].name", lead.name(), 1, 200);
                    f.phone("leads[" + i + "].phone", lead.phone());
                    f.range("leads[" + i + "].score", lead.score(), 0, 0, 100);
                }
            }
        }
        f.throwIfInvalid();
        List<NewLead> cleaned = new ArrayList<>();
        Set<String> phones = new HashSet<>();
        for (NewLead lead : leads) {
            if (phones.add(lead.phone())) {
                cleaned.add(new NewLead(lead.name().strip(), lead.phone(), lead.score()));
            }
        }
        int added = campaigns.addLeads(id, cleaned);
        ctx.status(201).json(new LeadsAdded(added, leads.size() - added));
    }

    public void start(Context ctx) {
        ctx.json(campaigns.startNow(Requests.id(ctx, "id", "campaign")));
    }

    public void schedule(Context ctx) {
        long id = Requests.id(ctx, "id", "campaign");
        ScheduleAt body = requests.body(ctx, ScheduleAt.class);
        Fields f = new Fields();
        Instant at = f.instant("at", body.at());
        f.throwIfInvalid();
        ctx.json(campaigns.schedule(id, at));
    }

    /** {@code ?limit=} (1..200, default 50) and {@code ?after=} (the previous page's {@code nextAfter}). */
    public void calls(Context ctx) {
        Campaign campaign = find(ctx);
        int limit = Requests.limit(ctx, DEFAULT_PAGE, MAX_PAGE);
        long after = Requests.after(ctx);
        ctx.json(Page.of(calls.page(campaign.id(), after, limit), limit, Call::id));
    }

    public void summary(Context ctx) {
        long id = Requests.id(ctx, "id", "campaign");
        ctx.json(summaries.read(db, id).orElseThrow(() -> ApiException.notFound("campaign " + id)));
    }

    private Campaign find(Context ctx) {
        long id = Requests.id(ctx, "id", "campaign");
        return campaigns.find(id).orElseThrow(() -> ApiException.notFound("campaign " + id));
    }
}
