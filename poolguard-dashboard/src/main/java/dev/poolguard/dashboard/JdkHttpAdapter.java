package dev.poolguard.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs a {@link DashboardHandler} behind the JDK's HTTP server, mounted at {@code prefix} ("" for the root). */
final class JdkHttpAdapter implements HttpHandler {

    private final DashboardHandler handler;
    private final String prefix;

    JdkHttpAdapter(DashboardHandler handler, String prefix) {
        this.handler = handler;
        this.prefix = prefix;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String relative = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                headers.put(h.getKey(), String.join(h.getKey().equalsIgnoreCase("Cookie") ? "; " : ", ", h.getValue()));
            }
            RequestThreads.handling();
            DashboardResponse r = handler.handle(exchange.getRequestMethod(), relative, exchange.getRequestURI().getRawQuery(), headers);
            RequestThreads.writing();
            exchange.getResponseHeaders().set("Content-Type", r.contentType());
            r.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(r.status(), head || r.body().length == 0 ? -1 : r.body().length);
            if (!head && r.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(r.body());
                }
            }
        }
    }
}
