package dev.poolguard.example.calls.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The body of every error response: {@code {"title", "status", "type", "details": [{"field", "message"}]}}. {@code
 * type} is a stable slug clients branch on ({@code validation-failed}, {@code not-found}, ...); {@code details} is
 * never absent, and a validation failure has one entry per bad field, named as in the request
 * ({@code leads[3].phone}).
 */
public record Problem(String title, int status, String type, List<Detail> details) {

    public Problem {
        details = List.copyOf(details);
    }

    /** One reason; {@code field} is null when the reason is not about one field. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String field, String message) {
    }
}
