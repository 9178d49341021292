package io.streamgate.orders;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code orders} and {@code order_items} tables. Blocking JDBC that joins the caller's Spring transaction:
 * callers run it inside a {@code TransactionTemplate}, off the event loop.
 */
class Orders {

    private static final String COLUMNS = """
            order_id, customer_id, status, currency, total, created_at, updated_at, version, next_transition_at""";

    /** A position in the newest-first listing: the last order of the previous page. */
    record Cursor(Instant createdAt, String orderId) {
    }

    private final JdbcClient jdbc;

    Orders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new order with its items; false when an order with that id exists already. */
    boolean insert(Order order) {
        int inserted = jdbc.sql("INSERT INTO orders (" + COLUMNS + """
                        ) VALUES (:id, :customer, :status, :currency, :total, :created, :updated, :version, :due)
                        ON CONFLICT (order_id) DO NOTHING
                        """)
                .param("id", order.id()).param("customer", order.customerId())
                .param("status", order.status().name()).param("currency", order.currency())
                .param("total", order.total()).param("created", timestamp(order.createdAt()))
                .param("updated", timestamp(order.updatedAt())).param("version", order.version())
                .param("due", timestamp(order.nextTransitionAt()))
                .update();
        if (inserted == 0) {
            return false;
        }
        insertItems(order);
        return true;
    }

    /** Writes a changed order; its items too when {@code itemsChanged}. Call with the row locked. */
    void update(Order order, boolean itemsChanged) {
        int updated = jdbc.sql("""
                        UPDATE orders SET customer_id = :customer, status = :status, currency = :currency,
                               total = :total, updated_at = :updated, version = :version, next_transition_at = :due
                         WHERE order_id = :id AND version = :previous
                        """)
                .param("id", order.id()).param("customer", order.customerId())
                .param("status", order.status().name()).param("currency", order.currency())
                .param("total", order.total()).param("updated", timestamp(order.updatedAt()))
                .param("version", order.version()).param("previous", order.version() - 1)
                .param("due", timestamp(order.nextTransitionAt()))
                .update();
        if (updated != 1) {
            // The row is locked by the caller, so this is a bug, not a race: fail loudly and roll back.
            throw new IllegalStateException("Order " + order.id() + " was not at version " + (order.version() - 1));
        }
        if (itemsChanged) {
            jdbc.sql("DELETE FROM order_items WHERE order_id = :id").param("id", order.id()).update();
            insertItems(order);
        }
    }

    Optional<Order> find(String id) {
        return withItems(jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE order_id = :id")
                .param("id", id).query(Orders::row).list()).stream().findFirst();
    }

    /** The order, locked until the transaction ends, so concurrent changes to it serialize. */
    Optional<Order> lock(String id) {
        return withItems(jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE order_id = :id FOR UPDATE")
                .param("id", id).query(Orders::row).list()).stream().findFirst();
    }

    /** Newest first, after {@code after} when given, optionally only one status. */
    List<Order> page(OrderStatus status, Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM orders WHERE true");
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (after != null) {
            sql.append(" AND (created_at, order_id) < (:afterCreated, :afterId)");
        }
        sql.append(" ORDER BY created_at DESC, order_id DESC LIMIT :limit");
        JdbcClient.StatementSpec query = jdbc.sql(sql.toString()).param("limit", limit);
        if (status != null) {
            query = query.param("status", status.name());
        }
        if (after != null) {
            query = query.param("afterCreated", timestamp(after.createdAt())).param("afterId", after.orderId());
        }
        return withItems(query.query(Orders::row).list());
    }

    /**
     * Claims up to {@code limit} orders whose next transition is due, oldest due first. Rows another replica has
     * claimed are skipped, not waited for, so replicas share the work and each order is moved by one of them.
     */
    List<Order> claimDue(Instant now, int limit) {
        return withItems(jdbc.sql("SELECT " + COLUMNS + """
                         FROM orders
                        WHERE next_transition_at <= :now
                        ORDER BY next_transition_at
                        LIMIT :limit
                        FOR UPDATE SKIP LOCKED
                        """)
                .param("now", timestamp(now)).param("limit", limit)
                .query(Orders::row).list());
    }

    private void insertItems(Order order) {
        StringBuilder sql = new StringBuilder("INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price) VALUES ");
        List<Object> params = new ArrayList<>(order.items().size() * 5);
        for (int line = 0; line < order.items().size(); line++) {
            LineItem item = order.items().get(line);
            sql.append(line == 0 ? "" : ", ").append("(?, ?, ?, ?, ?)");
            params.add(order.id());
            params.add(line + 1);
            params.add(item.sku());
            params.add(item.quantity());
            params.add(item.unitPrice());
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    private List<Order> withItems(List<Order> orders) {
        if (orders.isEmpty()) {
            return orders;
        }
        Map<String, List<LineItem>> items = new LinkedHashMap<>();
        orders.forEach(order -> items.put(order.id(), new ArrayList<>()));
        jdbc.sql("""
                        SELECT order_id, sku, quantity, unit_price FROM order_items
                         WHERE order_id = ANY(:ids) ORDER BY order_id, line_no
                        """)
                .param("ids", items.keySet().toArray(String[]::new))
                .query((rs, row) -> items.get(rs.getString(1))
                        .add(new LineItem(rs.getString(2), rs.getInt(3), rs.getBigDecimal(4))))
                .list();
        List<Order> complete = new ArrayList<>(orders.size());
        for (Order order : orders) {
            complete.add(new Order(order.id(), order.customerId(), order.status(), order.currency(),
                    items.get(order.id()), order.total(), order.createdAt(), order.updatedAt(), order.version(),
                    order.nextTransitionAt()));
        }
        return complete;
    }

    private static Order row(ResultSet rs, int row) throws SQLException {
        BigDecimal total = rs.getBigDecimal("total");
        return new Order(rs.getString("order_id"), rs.getString("customer_id"), OrderStatus.valueOf(rs.getString("status")),
                rs.getString("currency"), List.of(), total, instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getLong("version"),
                instant(rs, "next_transition_at"));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
