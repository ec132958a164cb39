package dev.poolguard.example.calls.http;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One page of a keyset-paged list: {@code items}, and {@code nextAfter} to pass as {@code ?after=} for the next page
 * ({@code null} on the last page).
 */
public record Page<T>(List<T> items, Long nextAfter) {

    /** From {@code limit + 1} rows read: the extra row only says there is a next page. */
    public static <T> Page<T> of(List<T> rows, int limit, ToLongFunction<T> key) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), key.applyAsLong(items.get(limit - 1)));
    }
}
