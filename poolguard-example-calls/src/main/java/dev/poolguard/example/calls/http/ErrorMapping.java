package dev.poolguard.example.calls.http;

import dev.poolguard.ConnectionUnavailableException;
import dev.poolguard.DatabaseClosedException;
import dev.poolguard.DatabaseUnavailableException;
import dev.poolguard.QueryGuardException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

/**
 * Maps every failure to a JSON {@link Problem} in one place: the service's own {@link ApiException}s with their
 * status, Javalin's (413 for a body over the limit, ...), Poolguard's "no connection" family as 503 with
 * {@code Retry-After}, the query guard's and anything else as 500. A 500 or 503 answers with a fixed title and a
 * correlation id (also in {@value #CORRELATION_HEADER}), never the exception's text, which can hold SQL, constraint
 * names, call sites, hosts and users: that goes to the log, under the same id.
 */
public final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);
    public static final String CORRELATION_HEADER = "X-Correlation-Id";

    private ErrorMapping() {
    }

    public static void install(RoutesConfig routes, long maxBodyBytes) {
        routes.exception(ApiException.class, (e, ctx) -> write(ctx, e.problem()));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            String detail = e.getStatus() == 413 ? "the request body is larger than the limit of " + maxBodyBytes + " bytes"
                    : e.getMessage();
            String title = HttpStatus.forStatus(e.getStatus()).getMessage();
            write(ctx, new Problem(title.toLowerCase(Locale.ROOT), e.getStatus(), slug(title), List.of(new Problem.Detail(null, detail))));
        });
        routes.exception(ConnectionUnavailableException.class, (e, ctx) -> unavailable(ctx, "no database connection available", e));
        routes.exception(DatabaseUnavailableException.class, (e, ctx) -> unavailable(ctx, "database unavailable", e));
        routes.exception(DatabaseClosedException.class, (e, ctx) -> unavailable(ctx, "service is shutting down", e));
        routes.exception(QueryGuardException.class, (e, ctx) -> {
            String id = correlate(ctx);
            log.error("{} {} broke the query guard [correlation {}]: {}", ctx.method(), ctx.path(), id, e.getMessage());
            write(ctx, new Problem("query guard: " + e.rule(), 500, "query-guard", seeLog(id)));
        });
        routes.exception(Exception.class, (e, ctx) -> {
            String id = correlate(ctx);
            log.error("{} {} failed [correlation {}]", ctx.method(), ctx.path(), id, e);
            write(ctx, new Problem("internal error", 500, "internal-error", seeLog(id)));
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                write(ctx, new Problem("not found", 404, "not-found",
                        List.of(new Problem.Detail(null, "no endpoint " + ctx.method() + " " + ctx.path()))));
            }
        });
        routes.error(405, ctx -> write(ctx, new Problem("method not allowed", 405, "method-not-allowed",
                List.of(new Problem.Detail(null, ctx.method() + " is not allowed on " + ctx.path())))));
    }

    private static void unavailable(Context ctx, String title, RuntimeException e) {
        String id = correlate(ctx);
        ctx.header("Retry-After", "1");
        log.warn("{} {} [correlation {}]: {}", ctx.method(), ctx.path(), id, e.getMessage());
        write(ctx, new Problem(title, 503, "unavailable", List.of(new Problem.Detail(null,
                "try again in a second; correlation id " + id + " (the detail is in the service's log)"))));
    }

    /** A fresh id for this failure, in the response header; the log line carries it too. */
    private static String correlate(Context ctx) {
        String id = java.util.UUID.randomUUID().toString();
        ctx.header(CORRELATION_HEADER, id);
        return id;
    }

    private static List<Problem.Detail> seeLog(String id) {
        return List.of(new Problem.Detail(null, "correlation id " + id + " (the detail is in the service's log)"));
    }

    static void write(Context ctx, Problem problem) {
        ctx.status(problem.status()).json(problem);
    }

    private static String slug(String title) {
        return title == null ? "error" : title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
