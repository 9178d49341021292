package io.streamgate.payments;

import io.streamgate.support.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An asynchronous payment whose replica stopped (kill -9, a crash) after the 202 and before Kafka answered leaves its
 * status row {@code pending}, and no replica will ever record its outcome. Found by the fault lab: a payment answered
 * 202 12 ms before its instance was killed read {@code pending} until its status expired, though the record may or
 * may not have been written. Once the producer's delivery timeout has passed, no outcome can come: it reads
 * {@code unknown}, with what to do. The row is written here as such a replica leaves it (its {@code recordPending},
 * nothing after).
 */
class PaymentOfAStoppedReplicaTest extends EndToEndTest {

    @Autowired
    DataSource dataSource;

    private JdbcTemplate jdbc;

    @BeforeEach
    void database() {
        jdbc = new JdbcTemplate(dataSource);
    }

    @Test
    void aPaymentPendingLongerThanTheDeliveryTimeoutIsUnknown() {
        UUID paymentId = pendingSince("2 minutes");

        http.get().uri("/payments/" + paymentId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("unknown")
                .jsonPath("$.error").value(error -> assertThat((String) error)
                        .contains("No outcome was recorded within 40 s", "replica that accepted it stopped",
                                "Do not submit it again under a new Idempotency-Key"))
                .jsonPath("$.topic").doesNotExist();
    }

    @Test
    void aPaymentPendingForLessThanTheDeliveryTimeoutIsStillPending() {
        UUID paymentId = pendingSince("10 seconds");

        http.get().uri("/payments/" + paymentId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("pending")
                .jsonPath("$.error").doesNotExist();
    }

    private UUID pendingSince(String age) {
        UUID paymentId = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO payment_statuses (payment_id, attempt, status, created_at, updated_at)
                VALUES (?, ?, 'pending', now() - ?::interval, now() - ?::interval)
                """, paymentId, UUID.randomUUID(), age, age);
        return paymentId;
    }
}
