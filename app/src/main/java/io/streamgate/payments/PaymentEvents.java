package io.streamgate.payments;

import io.streamgate.platform.ingest.EventIntake;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.payments.Payment;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Payments as events: the {@code Payment} a valid request becomes, published to {@code payments} keyed by customer id
 * so that one customer's payments keep their order.
 */
final class PaymentEvents {

    private PaymentEvents() {
    }

    static EventIntake<String, Payment> intake(EventPublisher publisher) {
        return new EventIntake<>(publisher, Topics.PAYMENTS, Payment::getCustomerId);
    }

    /** The event of a valid {@code request}, accepted now as payment {@code paymentId}. */
    static Payment of(PaymentRequest request, UUID paymentId, String requestId) {
        return Payment.newBuilder()
                .setPaymentId(paymentId)
                .setCustomerId(request.customerId())
                .setAmount(request.exactAmount())
                .setCurrency(request.currency())
                .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setRequestId(requestId)
                .build();
    }
}
