package dev.poolguard.example.calls.http;

import java.util.List;

/** 400 with one detail per bad field. */
public final class ValidationException extends ApiException {

    public ValidationException(List<Problem.Detail> fields) {
        super(400, "validation-failed", fields.size() == 1 ? "invalid request: " + fields.get(0).field() + " "
                + fields.get(0).message() : "invalid request: " + fields.size() + " fields are invalid", fields);
    }
}
