package dev.poolguard.example.calls.demo;

import dev.poolguard.Database;

/**
 * Last year's calls for {@code --history N}: one finished campaign with N answered calls, written in one statement,
 * so the calls table looks like production's rather than a fresh one. The incidents' lookup reads all of them at every
 * stream start; the indexed one never notices them.
 */
public final class History {

    private History() {
    }

    public static void seed(Database db, int calls) {
        db.transaction(tx -> tx.update("with u as (insert into users (email, name, max_concurrent_calls)"
                + "   values ('history@demo.example', 'Last year', 1) returning id),"
                + " k as (insert into campaigns (owner_id, name, from_number, status, max_concurrent_calls, started_at, completed_at)"
                + "   select id, 'Last year', '+14155550100', 'completed', 1, now() - interval '1 year', now() - interval '1 year'"
                + "   from u returning id, owner_id),"
                + " l as (insert into leads (campaign_id, name, phone, score)"
                + "   select k.id, 'Lead ' || g, '+1444' || lpad(g::text, 7, '0'), g % 101 from k, generate_series(1, ?) g"
                + "   returning id, campaign_id)"
                + " insert into calls (lead_id, campaign_id, user_id, call_sid, status, queued_at, dialed_at, answered_at, ended_at,"
                + "   duration_seconds, outcome)"
                + " select l.id, l.campaign_id, k.owner_id, 'CA' || md5('history' || l.id), 'completed', now() - interval '1 year',"
                + "   now() - interval '1 year', now() - interval '1 year', now() - interval '1 year', 42, 'answered'"
                + " from l join k on k.id = l.campaign_id", calls));
        db.transaction(tx -> tx.update("analyze calls"));
    }
}
