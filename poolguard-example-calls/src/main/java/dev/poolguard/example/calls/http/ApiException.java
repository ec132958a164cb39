package dev.poolguard.example.calls.http;

import java.util.List;

/** A failure with an HTTP status and a {@link Problem} body; thrown by handlers and stores, mapped in one place. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final List<Problem.Detail> details;

    public ApiException(int status, String type, String title, List<Problem.Detail> details) {
        super(title);
        this.status = status;
        this.type = type;
        this.details = List.copyOf(details);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", what + " not found", List.of(new Problem.Detail(null, "no " + what)));
    }

    public static ApiException conflict(String title, String detail) {
        return new ApiException(409, "conflict", title, List.of(new Problem.Detail(null, detail)));
    }

    public static ApiException invalid(String field, String message) {
        return new ValidationException(List.of(new Problem.Detail(field, message)));
    }

    public Problem problem() {
        return new Problem(getMessage(), status, type, details);
    }

    public int status() {
        return status;
    }
}
