package io.streamgate.platform.database;

import io.streamgate.platform.web.ApiProblem;
import io.streamgate.platform.web.ProblemTranslator;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.time.Duration;

/**
 * A database that cannot be reached, or a transient database failure, is a 503 the client may retry. That includes a
 * transaction that could not begin because no pooled connection came free in time (an overloaded pool): Spring reports
 * it as {@link CannotCreateTransactionException}, which is not a {@code DataAccessException}.
 */
class DatabaseProblemTranslator implements ProblemTranslator {

    private final Duration retryAfter;

    DatabaseProblemTranslator(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    @Override
    public ApiProblem translate(Throwable failure) {
        if (failure instanceof CannotGetJdbcConnectionException
                || failure instanceof CannotCreateTransactionException
                || failure instanceof DataAccessResourceFailureException
                || failure instanceof QueryTimeoutException
                || failure instanceof TransientDataAccessException) {
            return ApiProblem.unavailable("The database is unavailable; retry later.", retryAfter);
        }
        return null;
    }
}
