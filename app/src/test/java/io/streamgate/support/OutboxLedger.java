package io.streamgate.support;

import io.streamgate.platform.outbox.Outbox;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderEventType;
import io.streamgate.schemas.orders.OrderItem;
import io.streamgate.schemas.orders.OrderState;
import io.streamgate.schemas.orders.OrderStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Test-only writer of outbox events, standing in for a feature: each change appends an {@code order-events} event
 * and records it in {@code outbox_test_ledger} in the same transaction. The ledger is what committed; the topic must
 * end up with exactly those events (at least once each, per key in version order).
 */
public final class OutboxLedger {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;

    public OutboxLedger(JdbcTemplate jdbc, TransactionTemplate transactions, Outbox outbox) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
    }

    public static void createTable(JdbcTemplate jdbc) {
        jdbc.execute("""
                CREATE TABLE IF NOT EXISTS outbox_test_ledger (
                    event_id UUID PRIMARY KEY, event_key TEXT NOT NULL, version BIGINT NOT NULL,
                    written_by TEXT NOT NULL)""");
    }

    /** Commits one change of {@code key} at {@code version}: ledger row and outbox event. Returns the event id. */
    public UUID commit(String key, long version, String writer) {
        return transactions.execute(status -> write(key, version, writer));
    }

    /** Appends like {@link #commit} and then rolls the transaction back. Returns the event id that must never appear. */
    public UUID rollBack(String key, long version, String writer) {
        UUID[] id = new UUID[1];
        transactions.executeWithoutResult(status -> {
            id[0] = write(key, version, writer);
            status.setRollbackOnly();
        });
        return id[0];
    }

    /** Writes one change inside the caller's transaction (no transaction of its own). Returns the event id. */
    public UUID write(String key, long version, String writer) {
        UUID eventId = UUID.randomUUID();
        jdbc.update("INSERT INTO outbox_test_ledger (event_id, event_key, version, written_by) VALUES (?, ?, ?, ?)",
                eventId, key, version, writer);
        outbox.append(Topics.ORDER_EVENTS, key, eventId, event(key, version, eventId), "req-" + eventId);
        return eventId;
    }

    /** event id → version of every committed event whose key starts with {@code prefix}. */
    public static Map<UUID, Long> committed(JdbcTemplate jdbc, String prefix) {
        return jdbc.query("SELECT event_id, version FROM outbox_test_ledger WHERE event_key LIKE ?",
                (rs, i) -> Map.entry(rs.getObject(1, UUID.class), rs.getLong(2)), prefix + "%")
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public static OrderEvent event(String key, long version, UUID eventId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        BigDecimal price = new BigDecimal("12.50");
        OrderState state = OrderState.newBuilder()
                .setOrderId(key).setCustomerId("customer-1").setStatus(OrderStatus.CREATED).setCurrency("EUR")
                .setTotal(price.multiply(BigDecimal.valueOf(2)))
                .setItems(List.of(OrderItem.newBuilder().setSku("SKU-1").setQuantity(2).setUnitPrice(price).build()))
                .setCreatedAt(now).setUpdatedAt(now)
                .build();
        return OrderEvent.newBuilder()
                .setEventId(eventId).setEventType(version == 1 ? OrderEventType.ORDER_CREATED : OrderEventType.ORDER_UPDATED)
                .setOccurredAt(now).setOrderId(key).setVersion(version).setOrder(state).setRequestId("req-" + eventId)
                .build();
    }
}
