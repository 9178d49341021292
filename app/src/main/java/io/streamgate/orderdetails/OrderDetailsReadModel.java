package io.streamgate.orderdetails;

import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** Reads the read model and the topic index (blocking JDBC: call off the event loop). */
final class OrderDetailsReadModel {

    private static final TypeReference<List<OrderDetails.Item>> ITEMS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    OrderDetailsReadModel(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<OrderDetails> find(String orderId) {
        return jdbc.query("""
                SELECT order_id, customer_id, order_date, items::text, total_amount, currency, status, shipping_cost
                  FROM order_details WHERE order_id = ?""", (row, i) -> new OrderDetails(
                row.getString(1), row.getString(2),
                DateTimeFormatter.ISO_INSTANT.format(row.getTimestamp(3).toInstant()),
                json.readValue(row.getString(4), ITEMS), row.getBigDecimal(5), row.getString(6), row.getString(7),
                row.getBigDecimal(8)), orderId).stream().findFirst();
    }

    long countOrderIds(String topic) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM order_details_topic_index WHERE topic = ?", Long.class,
                topic);
        return count == null ? 0 : count;
    }

    /** Up to {@code limit} ids in order of first appearance, after {@code after} (null: from the start). */
    List<String> orderIds(String topic, String after, int limit) {
        if (after == null) {
            return jdbc.queryForList("SELECT order_id FROM order_details_topic_index WHERE topic = ? ORDER BY seq LIMIT ?",
                    String.class, topic, limit);
        }
        return jdbc.queryForList("""
                SELECT order_id FROM order_details_topic_index
                 WHERE topic = ? AND seq > (SELECT seq FROM order_details_topic_index WHERE topic = ? AND order_id = ?)
                 ORDER BY seq LIMIT ?""", String.class, topic, topic, after, limit);
    }

    boolean isIndexed(String topic, String orderId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM order_details_topic_index WHERE topic = ? AND order_id = ?)",
                Boolean.class, topic, orderId));
    }
}
