package io.streamgate.payments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.UUID;

/**
 * Where an asynchronously submitted payment stands: {@code pending} until the producer has an answer (at most its
 * delivery timeout, 30 s by default: it retries through a broker failover), then {@code delivered} (with its
 * partition and offset), {@code failed} (nothing was written, with why), or {@code unknown} (the producer gave up
 * without knowing whether the broker wrote it, e.g. no answer within the delivery timeout: it may be in the topic).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentStatus(
        @JsonProperty("payment_id") UUID paymentId,
        @Schema(allowableValues = {"pending", "delivered", "failed", "unknown"}, description = "pending: the "
                + "producer has no answer yet (at most its delivery timeout, 30 s); delivered: in the topic at "
                + "partition and offset; failed: not written, retrying is safe; unknown: the producer gave up without "
                + "knowing whether the broker wrote it, so it may be in the topic: do not pay again under a new "
                + "Idempotency-Key (see error)")
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
}
