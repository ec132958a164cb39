package dev.poolguard.spring.boot;

import dev.poolguard.dashboard.DashboardHandler;
import dev.poolguard.dashboard.DashboardResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Serves {@link DashboardHandler} under the servlet's mapping ({@code /actuator/poolguard/*}). */
public class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient DashboardHandler handler;

    public DashboardServlet(DashboardHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, request.getHeader(name));
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        DashboardResponse r = handler.handle(request.getMethod(), path, request.getQueryString(), headers);
        response.setStatus(r.status());
        response.setContentType(r.contentType());
        r.headers().forEach(response::setHeader);
        byte[] body = r.body();
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }
}
