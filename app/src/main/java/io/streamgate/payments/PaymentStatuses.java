package io.streamgate.payments;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The statuses of asynchronously submitted payments, filled in by the delivery callback.
 *
 * <p>Limits, stated openly: statuses live in this replica's memory, for the most recent {@code capacity} payments and
 * at most {@code retention}; with several replicas a client must poll the replica that accepted the payment (the
 * {@code Location} is relative, so sticky routing works), and a restart forgets pending statuses. The payment itself is
 * in Kafka once delivered; this is only a view of the delivery.
 */
class PaymentStatuses {

    private record Tracked(PaymentStatus status, long createdNanos) {
    }

    private final int capacity;
    private final long retentionNanos;
    private final Map<UUID, Tracked> entries;

    PaymentStatuses(int capacity, Duration retention) {
        this.capacity = capacity;
        this.retentionNanos = retention.toNanos();
        this.entries = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Tracked> eldest) {
                return size() > PaymentStatuses.this.capacity;
            }
        };
    }

    synchronized void put(PaymentStatus status) {
        Tracked previous = entries.get(status.paymentId());
        long created = previous != null ? previous.createdNanos() : System.nanoTime();
        entries.put(status.paymentId(), new Tracked(status, created));
    }

    synchronized Optional<PaymentStatus> find(UUID paymentId) {
        Tracked entry = entries.get(paymentId);
        if (entry == null) {
            return Optional.empty();
        }
        if (System.nanoTime() - entry.createdNanos() > retentionNanos) {
            entries.remove(paymentId);
            return Optional.empty();
        }
        return Optional.of(entry.status());
    }
}
