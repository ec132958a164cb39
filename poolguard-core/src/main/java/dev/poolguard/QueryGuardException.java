package dev.poolguard;

import dev.poolguard.event.EventType;

/**
 * A call broke a query-guard rule in strict mode. The message names the rule, the call site, the count and how to
 * raise the budget for that call.
 */
public class QueryGuardException extends PoolguardException {
    private static final long serialVersionUID = 1L;

    private final EventType rule;

    public QueryGuardException(EventType rule, String message, String sql) {
        super(message, null, sql, 1);
        this.rule = rule;
    }

    /** {@link EventType#UNBOUNDED_RESULT} or {@link EventType#N_PLUS_ONE}. */
    public EventType rule() {
        return rule;
    }
}
