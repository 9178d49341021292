package io.streamgate.payments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.kafka.Delivery;
import io.streamgate.schemas.payments.Payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The answer to an accepted payment: what was published and, once acknowledged, where it is in Kafka. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentReceipt(
        @JsonProperty("payment_id") UUID paymentId,
        String status,
        @JsonProperty("customer_id") String customerId,
        BigDecimal amount,
        String currency,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("request_id") String requestId,
        String topic,
        Integer partition,
        Long offset) {

    static PaymentReceipt of(Payment payment, String status, Delivery delivery) {
        return new PaymentReceipt(payment.getPaymentId(), status, payment.getCustomerId(), payment.getAmount(),
                payment.getCurrency(), payment.getCreatedAt(), payment.getRequestId(),
                delivery == null ? null : delivery.topic(),
                delivery == null ? null : delivery.partition(),
                delivery == null ? null : delivery.offset());
    }
}
