package io.streamgate.faultlab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker's rules for an asynchronous payment answered 202, by the status {@code GET /payments/{id}} ends with. */
class AsyncPaymentRulesTest {

    @Test
    void deliveredIsExactlyOnce() {
        assertThat(Checker.asyncViolation("delivered", 1)).isNull();
        assertThat(Checker.asyncViolation("delivered", 0)).isEqualTo("LOST");
        assertThat(Checker.asyncViolation("delivered", 2)).isEqualTo("DUPLICATED x2");
        assertThat(Checker.asyncCount("delivered", 0)).isZero();
    }

    @Test
    void failedMeansNotWritten() {
        assertThat(Checker.asyncViolation("failed", 0)).isNull();
        assertThat(Checker.asyncViolation("failed", 1)).isEqualTo("FAILED BUT WRITTEN x1");
        assertThat(Checker.asyncCount("failed", 0)).as("not counted as lost").isNull();
    }

    @Test
    void unknownPendingExpiredAndUnreadableAreIndeterminateAtMostOnce() {
        for (String status : new String[]{"unknown", "pending", "expired", Checker.UNREADABLE}) {
            assertThat(Checker.asyncViolation(status, 0)).as(status).isNull();
            assertThat(Checker.asyncViolation(status, 1)).as(status).isNull();
            assertThat(Checker.asyncViolation(status, 2)).as(status).isEqualTo("DUPLICATED x2");
            assertThat(Checker.asyncCount(status, 1)).as(status).isNull();
        }
    }
}
