package dev.poolguard.example.calls.users;

import dev.poolguard.example.calls.support.Rows;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A user: the owner of campaigns, with a limit on concurrent calls across all of them. */
public record User(long id, String email, String name, int maxConcurrentCalls, int activeCalls, Instant createdAt) {

    static final String COLUMNS = "id, email, name, max_concurrent_calls, active_calls, created_at";

    static User map(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("email"), rs.getString("name"), rs.getInt("max_concurrent_calls"),
                rs.getInt("active_calls"), Rows.instant(rs, "created_at"));
    }
}
