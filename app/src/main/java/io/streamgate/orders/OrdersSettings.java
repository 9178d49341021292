package io.streamgate.orders;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code streamgate.orders.*}
 *
 * @param maxItems  the most line items one order may have
 * @param lifeCycle the automatic CREATED → CONFIRMED → SHIPPED progression
 */
@ConfigurationProperties("streamgate.orders")
public record OrdersSettings(
        @DefaultValue("100") int maxItems,
        @DefaultValue LifeCycle lifeCycle) {

    /**
     * @param confirmAfter how long after creation an order is confirmed
     * @param shipAfter    how long after confirmation an order is shipped
     * @param pollInterval how often a replica looks for due orders when the previous look found fewer than a batch
     * @param batchSize    the most orders one transaction moves on
     */
    public record LifeCycle(
            @DefaultValue("5s") Duration confirmAfter,
            @DefaultValue("5s") Duration shipAfter,
            @DefaultValue("250ms") Duration pollInterval,
            @DefaultValue("200") int batchSize) {

        /** The delay before an order that just reached {@code status} moves on. */
        Duration delayAfter(OrderStatus status) {
            return status == OrderStatus.CREATED ? confirmAfter : shipAfter;
        }
    }
}
