package dev.poolguard.example.calls.users;

import dev.poolguard.Database;
import dev.poolguard.example.calls.http.ApiException;

import java.util.Optional;

/** Users by primary key; writes in a transaction, so a connection lost mid-write is retried whole. */
public final class UserStore {

    private final Database db;

    public UserStore(Database db) {
        this.db = db;
    }

    public User create(String email, String name, int maxConcurrentCalls) {
        return db.transaction(tx -> tx.queryOne("insert into users (email, name, max_concurrent_calls) values (?, ?, ?)"
                + " on conflict (email) do nothing returning " + User.COLUMNS, User::map, email, name, maxConcurrentCalls))
                .orElseThrow(() -> ApiException.conflict("email already registered", "a user with this email exists"));
    }

    public Optional<User> find(long id) {
        return db.queryOne("select " + User.COLUMNS + " from users where id = ?", User::map, id);
    }
}
