package dev.poolguard.example.calls.bench;

import dev.poolguard.Database;

/**
 * Seeds the service's schema with {@code calls} calls (one user, campaigns of 1,000 leads, every call dialed and in
 * progress with a call_sid {@code CA} + 32 hex digits of its number), in a few set-based statements.
 */
final class BenchData {

    private BenchData() {
    }

    static String sid(long n) {
        return String.format("CA%032x", n);
    }

    static void seed(Database db, long calls) {
        long campaigns = (calls + 999) / 1000;
        db.transaction(tx -> {
            tx.update("insert into users (email, name, max_concurrent_calls, active_calls) values ('bench@example.com', 'Bench', 1000, ?)",
                    calls);
            tx.update("insert into campaigns (owner_id, name, from_number, status, max_concurrent_calls, active_calls, started_at)"
                    + " select u.id, 'Bench ' || g, '+14155550100', 'running', 1000, least(1000, ? - (g - 1) * 1000), now()"
                    + " from users u, generate_series(1, ?) g", calls, campaigns);
            tx.update("insert into leads (campaign_id, name, phone, score)"
                    + " select k.id, 'Lead ' || g, '+1555' || lpad(g::text, 9, '0'), g % 101"
                    + " from generate_series(1, ?) g join campaigns k on k.name = 'Bench ' || ((g - 1) / 1000 + 1)", calls);
            tx.update("insert into calls (lead_id, campaign_id, user_id, call_sid, status, dialed_at, dialed_by)"
                    + " select l.id, l.campaign_id, k.owner_id, 'CA' || lpad(to_hex(l.id), 32, '0'), 'dialing', now(), 'bench'"
                    + " from leads l join campaigns k on k.id = l.campaign_id");
            return null;
        });
        db.transaction(tx -> tx.update("analyze"));
    }
}
