package io.streamgate.orderdetails;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamgate.platform.consumer.ConsumedEvent;
import io.streamgate.platform.consumer.EventHandler;
import io.streamgate.platform.consumer.EventRejectedException;
import io.streamgate.schemas.ValueRules;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderStatusNames;
import io.streamgate.schemas.orders.OrderItem;
import io.streamgate.schemas.orders.OrderState;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies order events to the read model: the row becomes what the event says when the event's version is newer than
 * the row's, and is left alone otherwise (a late or replayed event cannot move an order back). Every event's order id
 * also goes into the topic index. Runs inside the platform's transaction, which also records the event ids.
 * <p>
 * Its rules, checked before anything is written; an event that breaks one is rejected (dead-lettered): the contracts'
 * value rules ({@link ValueRules}) for the order id, customer id, skus, currency and money (prices and total ≥ 0, within
 * {@code decimal(14,2)} and the currency's minor unit), as the orders system applies them when it writes the event;
 * and its own: the key, when there is one, is the order id; the event's and the state's order ids agree; version ≥ 1;
 * quantities ≥ 1; the total is the sum of quantity × unit price.
 */
final class OrderDetailsProjection implements EventHandler<OrderEvent> {

    private static final String UPSERT = """
            INSERT INTO order_details (order_id, customer_id, status, currency, total_amount, shipping_cost, items,
                                       order_date, updated_at, version, last_event_id, last_event_type)
            VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
            ON CONFLICT (order_id) DO UPDATE SET
                customer_id = EXCLUDED.customer_id, status = EXCLUDED.status, currency = EXCLUDED.currency,
                total_amount = EXCLUDED.total_amount, shipping_cost = EXCLUDED.shipping_cost, items = EXCLUDED.items,
                order_date = EXCLUDED.order_date, updated_at = EXCLUDED.updated_at, version = EXCLUDED.version,
                last_event_id = EXCLUDED.last_event_id, last_event_type = EXCLUDED.last_event_type, applied_at = now()
            WHERE order_details.version < EXCLUDED.version""";

    private static final String INDEX = """
            INSERT INTO order_details_topic_index (topic, order_id, first_offset) VALUES (?, ?, ?)
            ON CONFLICT (topic, order_id) DO NOTHING""";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Counter applied;
    private final Counter outdated;

    OrderDetailsProjection(JdbcTemplate jdbc, JsonMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.applied = Counter.builder("streamgate.orderdetails.events").tag("outcome", "applied")
                .description("Order events applied to the read model, or ignored as outdated").register(meters);
        this.outdated = Counter.builder("streamgate.orderdetails.events").tag("outcome", "outdated")
                .description("Order events applied to the read model, or ignored as outdated").register(meters);
    }

    @Override
    public void apply(List<ConsumedEvent<OrderEvent>> events) {
        events.forEach(OrderDetailsProjection::check);
        List<Object[]> rows = new ArrayList<>(events.size());
        List<Object[]> index = new ArrayList<>(events.size());
        for (ConsumedEvent<OrderEvent> consumed : events) {
            OrderEvent event = consumed.value();
            OrderState order = event.getOrder();
            List<OrderDetails.Item> items = order.getItems().stream()
                    .map(i -> new OrderDetails.Item(i.getSku(), i.getQuantity(), i.getUnitPrice())).toList();
            rows.add(new Object[] {event.getOrderId(), order.getCustomerId(), OrderStatusNames.of(order.getStatus()),
                    order.getCurrency(), order.getTotal(), ShippingCost.of(order.getTotal()),
                    json.writeValueAsString(items), Timestamp.from(order.getCreatedAt()),
                    Timestamp.from(order.getUpdatedAt()), event.getVersion(), consumed.eventId(),
                    event.getEventType().name()});
            index.add(new Object[] {consumed.topic(), event.getOrderId(), consumed.offset()});
        }
        int[] results = jdbc.batchUpdate(UPSERT, rows);
        jdbc.batchUpdate(INDEX, index);
        int changed = 0;
        for (int result : results) {
            changed += result > 0 ? 1 : 0;
        }
        applied.increment(changed);
        outdated.increment(results.length - changed);
    }

    /** The rules above; throws {@link EventRejectedException} naming the first one broken. */
    static void check(ConsumedEvent<OrderEvent> consumed) {
        OrderEvent event = consumed.value();
        OrderState order = event.getOrder();
        String orderId = event.getOrderId();
        require(consumed, "order_id", ValueRules.identifier(orderId));
        if (consumed.key() != null && !consumed.key().equals(orderId)) {
            throw reject(consumed, "record key '" + consumed.key() + "' is not the order id '" + orderId + "'");
        }
        if (!orderId.equals(order.getOrderId())) {
            throw reject(consumed, "order.order_id '" + order.getOrderId() + "' differs from order_id '" + orderId + "'");
        }
        if (event.getVersion() < 1) {
            throw reject(consumed, "version must be at least 1, was " + event.getVersion());
        }
        require(consumed, "order.customer_id", ValueRules.identifier(order.getCustomerId()));
        require(consumed, "order.currency", ValueRules.currency(order.getCurrency())
                .map(wrong -> wrong + ", was '" + order.getCurrency() + "'"));
        BigDecimal sum = BigDecimal.ZERO;
        for (OrderItem item : order.getItems()) {
            require(consumed, "order.items[].sku", ValueRules.identifier(item.getSku()));
            if (item.getQuantity() < 1) {
                throw reject(consumed, "order.items[].quantity must be at least 1, was " + item.getQuantity());
            }
            require(consumed, "order.items[].unit_price",
                    ValueRules.nonNegativeMoney(item.getUnitPrice(), order.getCurrency()));
            sum = sum.add(item.getUnitPrice().multiply(BigDecimal.valueOf(item.getQuantity())));
        }
        require(consumed, "order.total", ValueRules.nonNegativeMoney(order.getTotal(), order.getCurrency()));
        if (sum.compareTo(order.getTotal()) != 0) {
            throw reject(consumed, "order.total " + order.getTotal() + " is not the sum of the items, " + sum);
        }
    }

    private static void require(ConsumedEvent<OrderEvent> consumed, String field, Optional<String> wrong) {
        if (wrong.isPresent()) {
            throw reject(consumed, field + " " + wrong.get());
        }
    }

    private static EventRejectedException reject(ConsumedEvent<OrderEvent> event, String reason) {
        return new EventRejectedException(event, "Order event " + event.eventId() + " rejected: " + reason);
    }
}
