package io.streamgate.payments;

import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.kafka.EventHeaders;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.payments.Payment;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Accepting payments: turns a valid request into the {@code Payment} event and publishes it to {@code payments},
 * keyed by customer id so that one customer's payments keep their order, with the request id as a header.
 */
class PaymentIntake {

    record Submitted(Payment payment, CompletableFuture<Delivery> delivery) {
    }

    private final EventPublisher publisher;

    PaymentIntake(EventPublisher publisher) {
        this.publisher = publisher;
    }

    Submitted submit(PaymentRequest request, UUID paymentId, String requestId) {
        Payment payment = Payment.newBuilder()
                .setPaymentId(paymentId)
                .setCustomerId(request.customerId())
                .setAmount(request.exactAmount())
                .setCurrency(request.currency())
                .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setRequestId(requestId)
                .build();
        CompletableFuture<Delivery> delivery = publisher.publish(Topics.PAYMENTS, payment.getCustomerId(), payment,
                Map.of(EventHeaders.REQUEST_ID, requestId));
        return new Submitted(payment, delivery);
    }
}
