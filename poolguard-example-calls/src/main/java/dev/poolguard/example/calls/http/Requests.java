package dev.poolguard.example.calls.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.List;

/** Reading a request: the JSON body, path ids and paging parameters, with errors that name the field. */
public final class Requests {

    private final ObjectMapper mapper;

    public Requests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The body as {@code type}; a body not sent as {@code application/json} is a 415 (a plain HTML form cannot send
     * that type, so another site's page cannot post here); malformed JSON, a wrong type or an unknown field is a 400
     * naming the field.
     */
    public <T> T body(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.strip().toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "unsupported-media-type", "the request body must be JSON", List.of(new Problem.Detail(
                    "Content-Type", "must be application/json, was " + (contentType == null ? "missing" : "'" + contentType + "'"))));
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw new ValidationException(List.of(new Problem.Detail(null, "the request body is empty; send a JSON object")));
        }
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw new ValidationException(List.of(new Problem.Detail(null, "the request body is null; send a JSON object")));
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.invalid(path(e), "is not a known field; known: " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            String field = path(e);
            throw ApiException.invalid(field.isEmpty() ? "body" : field, "has the wrong type or shape: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.invalid("body", "could not be read: " + e.getMessage());
        }
    }

    /** A numeric path parameter; anything else is a 404 (there is no such resource). */
    public static long id(Context ctx, String name, String what) {
        String raw = ctx.pathParam(name);
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // falls through to not found
        }
        throw ApiException.notFound(what + " " + raw);
    }

    /** {@code ?limit=}: paging is never unbounded; out of range is a 400 naming the parameter and the limit. */
    public static int limit(Context ctx, int fallback, int max) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(raw.strip());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalid("limit", "must be a whole number between 1 and " + max + ", was '" + raw + "'");
    }

    /** {@code ?after=}: the keyset cursor (the last id of the previous page), 0 for the first page. */
    public static long after(Context ctx) {
        String raw = ctx.queryParam("after");
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            long after = Long.parseLong(raw.strip());
            if (after >= 0) {
                return after;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalid("after", "must be the nextAfter value of the previous page, was '" + raw + "'");
    }

    /** Jackson's path as the client wrote it: {@code leads[3].phone}. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
