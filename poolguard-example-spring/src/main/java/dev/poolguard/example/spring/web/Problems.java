package dev.poolguard.example.spring.web;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.sql.SQLException;

/**
 * No connection (an exhausted pool, a database down): 503 with Poolguard's one-line diagnosis, which names the code
 * holding the connections.
 */
@RestControllerAdvice
public class Problems {

    @ExceptionHandler({CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessResourceException.class})
    public ProblemDetail noConnection(RuntimeException e) {
        // The first SQLException is the DataSource's own: Poolguard's message, naming the holders.
        Throwable cause = e;
        while (cause != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                (cause != null ? cause : NestedExceptionUtils.getMostSpecificCause(e)).getMessage());
    }
}
