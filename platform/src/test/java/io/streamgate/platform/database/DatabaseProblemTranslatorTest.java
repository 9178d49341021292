package io.streamgate.platform.database;

import io.streamgate.platform.web.ApiProblem;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseProblemTranslatorTest {

    private final DatabaseProblemTranslator translator = new DatabaseProblemTranslator(Duration.ofSeconds(3));

    @Test
    void shouldAnswer503WithRetryAfterWhenTheDatabaseIsUnreachableOrSlow() {
        for (RuntimeException failure : new RuntimeException[] {
                new CannotGetJdbcConnectionException("pool exhausted"),
                new CannotCreateTransactionException("Could not open JDBC Connection for transaction"),
                new QueryTimeoutException("statement timeout"),
                new TransientDataAccessResourceException("connection reset")}) {
            ApiProblem problem = translator.translate(failure);
            assertThat(problem.status()).as(failure.toString()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        }
    }

    @Test
    void shouldLeaveOtherDatabaseFailuresToTheGeneralMapping() {
        assertThat(translator.translate(new DataIntegrityViolationException("duplicate key"))).isNull();
        assertThat(translator.translate(new IllegalStateException("not a database failure"))).isNull();
    }
}
