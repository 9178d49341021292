package io.streamgate.payments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Duration;
import java.util.UUID;

/**
 * Where an asynchronously submitted payment stands: {@code pending} until the producer has an answer (at most its
 * delivery timeout, 30 s by default: it retries through a broker failover), then {@code delivered} (with its
 * partition and offset), {@code failed} (nothing was written, with why), or {@code unknown} (the producer gave up
 * without knowing whether the broker wrote it, e.g. no answer within the delivery timeout: it may be in the topic;
 * also a payment whose replica stopped before Kafka answered, once the delivery timeout has passed).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentStatus(
        @JsonProperty("payment_id") UUID paymentId,
        @Schema(allowableValues = {"pending", "delivered", "failed", "unknown"}, description = "pending: the "
                + "producer has no answer yet (at most its delivery timeout, 30 s); delivered: in the topic at "
                + "partition and offset; failed: not written, retrying is safe; unknown: the producer gave up without "
                + "knowing whether the broker wrote it (or the replica that accepted it stopped before Kafka answered), "
                + "so it may be in the topic: do not pay again under a new Idempotency-Key (see error)")
        String status,
        String topic,
        Integer partition,
        Long offset,
        @Schema(description = "why a payment failed or why its outcome is unknown, and what to do")
        String error) {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String UNKNOWN = "unknown";

    /** What a client holding an {@code unknown} payment should do, since it may be in the topic. */
    private static final String IF_UNKNOWN = "Do not submit it again under a new Idempotency-Key (or without one): "
            + "that would be a second payment. A retry with the same Idempotency-Key answers this payment again and "
            + "publishes nothing. Whether it was written shows only in the payments topic, under this payment_id.";

    /** Kafka did not confirm the payment: the producer gave up ({@code why}) without knowing whether it was written. */
    static PaymentStatus unknown(UUID paymentId, String why) {
        return new PaymentStatus(paymentId, UNKNOWN, null, null, null,
                "Kafka did not confirm the payment, which may have been written all the same: " + why + ". "
                        + IF_UNKNOWN);
    }

    /**
     * No outcome was recorded within {@code deadline} of the submission, and none can come any more: the replica that
     * accepted the payment stopped before Kafka answered (or could not record the answer).
     */
    static PaymentStatus noOutcome(UUID paymentId, Duration deadline) {
        return new PaymentStatus(paymentId, UNKNOWN, null, null, null,
                "No outcome was recorded within " + deadline.toSeconds() + " s of the submission: the replica that "
                        + "accepted it stopped before Kafka answered, or could not record the answer. It may have "
                        + "been written all the same. " + IF_UNKNOWN);
    }
}
