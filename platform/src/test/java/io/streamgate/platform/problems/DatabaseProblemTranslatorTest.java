package io.streamgate.platform.problems;

import io.streamgate.platform.problems.ApiProblem;
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
    void shouldAnswer422ForAValueThePostgresRefusesAsDataSuchAsANulInText() {
        ApiProblem nul = translator.translate(new java.sql.SQLException(
                "invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
        ApiProblem range = translator.translate(new java.sql.SQLException("value out of range", "22003"));

        assertThat(nul.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(nul.violations().getFirst().message()).contains("NUL character");
        assertThat(range.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(translator.translate(new java.sql.SQLException("unique violation", "23505"))).isNull();
    }

    @Test
    void shouldLeaveOtherDatabaseFailuresToTheGeneralMapping() {
        assertThat(translator.translate(new DataIntegrityViolationException("duplicate key"))).isNull();
        assertThat(translator.translate(new IllegalStateException("not a database failure"))).isNull();
    }
}
