package io.streamgate.payments;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code streamgate.payments.*}. The module switch {@code streamgate.payments.enabled} (on unless {@code false}) is read
 * by the conditions on the configuration and controller, not bound here.
 *
 * @param delivery       how {@code POST /payments} answers when the client does not ask for {@code respond-async}
 * @param batchMaxItems  the most payments one {@code POST /payments/batch} may carry
 * @param statusCapacity about how many asynchronous payment statuses are kept for {@code GET /payments/{id}} (in
 *                       Postgres, shared by every replica; swept every minute)
 * @param statusRetention how long each is kept
 */
@ConfigurationProperties("streamgate.payments")
public record PaymentsSettings(
        @DefaultValue("synchronous") DeliveryMode delivery,
        @DefaultValue("500") int batchMaxItems,
        @DefaultValue("100000") int statusCapacity,
        @DefaultValue("15m") Duration statusRetention) {

    /** The seed's delivery modes. */
    public enum DeliveryMode {
        /** 201 only after the broker acknowledged the record (acks=all). */
        SYNCHRONOUS,
        /** 202 at once; a failure after that is only logged and counted. */
        FIRE_AND_FORGET
    }
}
