package io.streamgate.platform.problems;

import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.problems.ProblemTranslator;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.time.Duration;

/**
 * A database that cannot be reached, or a transient database failure, is a 503 the client may retry. That includes a
 * transaction that could not begin because no pooled connection came free in time (an overloaded pool): Spring reports
 * it as {@link CannotCreateTransactionException}, which is not a {@code DataAccessException}.
 * <p>
 * A value the database refuses as data (SQL state class 22: a NUL character in text, a number out of a column's range)
 * came from the client, since every value the server makes fits its column: a 422 (a 400 on a seed's routes), never a
 * 500. Routes check their input before it reaches the database; this is the net under those checks.
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
        if (failure instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
            return ApiProblem.invalid("$", "22021".equals(sql.getSQLState())
                    ? "text must not contain the NUL character (U+0000) or bytes that are not UTF-8"
                    : "a value is outside what can be stored");
        }
        return null;
    }
}
