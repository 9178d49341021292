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

    /**
     * The ids that commit order allows listing: those indexed by transactions older than every transaction still running
     * in the database (the horizon, {@code pg_snapshot_xmin}). Any id that commits later was indexed by a transaction at
     * or above the horizon, so it sorts after every id listed now and a reader passing {@code after} never skips it.
     */
    private static final String LISTABLE = "topic = ? AND tx < pg_snapshot_xmin(pg_current_snapshot())";

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

    /** How many ids are listable now (see {@link #orderIds}). */
    long countOrderIds(String topic) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM order_details_topic_index WHERE " + LISTABLE, Long.class,
                topic);
        return count == null ? 0 : count;
    }

    /**
     * Up to {@code limit} ids in the order their transactions indexed them, after {@code after} (null: from the start).
     * An id appears once every transaction that began writing before the one that indexed it has ended: in
     * milliseconds, unless a transaction in the database stays open.
     */
    List<String> orderIds(String topic, String after, int limit) {
        if (after == null) {
            return jdbc.queryForList("SELECT order_id FROM order_details_topic_index WHERE " + LISTABLE
                    + " ORDER BY tx, seq LIMIT ?", String.class, topic, limit);
        }
        return jdbc.queryForList("""
                SELECT i.order_id
                  FROM order_details_topic_index i,
                       (SELECT tx, seq FROM order_details_topic_index WHERE topic = ? AND order_id = ?) AS cursor
                 WHERE i.topic = ? AND i.tx < pg_snapshot_xmin(pg_current_snapshot())
                   AND (i.tx, i.seq) > (cursor.tx, cursor.seq)
                 ORDER BY i.tx, i.seq LIMIT ?""", String.class, topic, after, topic, limit);
    }

    boolean isIndexed(String topic, String orderId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM order_details_topic_index WHERE topic = ? AND order_id = ?)",
                Boolean.class, topic, orderId));
    }
}
