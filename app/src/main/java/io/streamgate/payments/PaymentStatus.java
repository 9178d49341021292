package io.streamgate.payments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/**
 * Where an asynchronously submitted payment stands: {@code pending} until the broker acknowledges it, then
 * {@code delivered} (with its partition and offset) or {@code failed} (with why).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentStatus(
        @JsonProperty("payment_id") UUID paymentId,
        String status,
        String topic,
        Integer partition,
        Long offset,
        String error) {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
}
