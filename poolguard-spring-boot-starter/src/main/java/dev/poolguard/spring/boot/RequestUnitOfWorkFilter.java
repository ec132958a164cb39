package dev.poolguard.spring.boot;

import dev.poolguard.Database;
import dev.poolguard.guard.UnitOfWork;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Opens a Poolguard unit of work named {@code GET /orders/7} around each request on its thread: the query guard then
 * reports a statement run with different parameters more than the N+1 threshold across the whole request, whichever
 * connections and transactions ran it. The query string is left out of the name (it may carry personal data).
 */
public class RequestUnitOfWorkFilter extends OncePerRequestFilter {

    private final Database db;

    public RequestUnitOfWorkFilter(Database db) {
        this.db = db;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (UnitOfWork ignored = db.unitOfWork(request.getMethod() + " " + request.getRequestURI())) {
            chain.doFilter(request, response);
        }
    }
}
