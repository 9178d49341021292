package io.streamgate.orders;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The {@code orders} table, line items included (a JSONB column, see {@link LineItemsColumn}). Blocking JDBC that
 * joins the caller's Spring transaction: callers run it inside a {@code TransactionTemplate}, off the event loop.
 */
class Orders {

    private static final String COLUMNS = """
            order_id, customer_id, status, currency, items, total, created_at, updated_at, version, next_transition_at""";

    /** A position in the newest-first listing: the last order of the previous page. */
    record Cursor(Instant createdAt, String orderId) {
    }

    private final JdbcClient jdbc;

    Orders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new order with its items, in one statement; false when an order with that id exists already. */
    boolean insert(Order order) {
        return insert(order, null);
    }

    /** As {@link #insert(Order)}, with the client that creates it ({@link OrderAccess#owner()}). */
    boolean insert(Order order, String owner) {
        return jdbc.sql("INSERT INTO orders (" + COLUMNS + """
                        , owner) VALUES (:id, :customer, :status, :currency, :items, :total, :created, :updated,
                                 :version, :due, :owner)
                        ON CONFLICT (order_id) DO NOTHING
                        """)
                .param("id", order.id()).param("customer", order.customerId()).param("owner", owner)
                .param("status", order.status().name()).param("currency", order.currency())
                .param("items", LineItemsColumn.parameter(order.items()))
                .param("total", order.total()).param("created", timestamp(order.createdAt()))
                .param("updated", timestamp(order.updatedAt())).param("version", order.version())
                .param("due", timestamp(order.nextTransitionAt()))
                .update() == 1;
    }

    /**
     * Writes a changed order; its items only when {@code itemsChanged} (a status move leaves the column as it is and
     * spares encoding and sending it). Call with the row locked.
     */
    void update(Order order, boolean itemsChanged) {
        JdbcClient.StatementSpec update = jdbc.sql("""
                        UPDATE orders SET customer_id = :customer, status = :status, currency = :currency,
                               total = :total, updated_at = :updated, version = :version, next_transition_at = :due
                        """ + (itemsChanged ? ", items = :items" : "") + """
                         WHERE order_id = :id AND version = :previous
                        """)
                .param("id", order.id()).param("customer", order.customerId())
                .param("status", order.status().name()).param("currency", order.currency())
                .param("total", order.total()).param("updated", timestamp(order.updatedAt()))
                .param("version", order.version()).param("previous", order.version() - 1)
                .param("due", timestamp(order.nextTransitionAt()));
        if (itemsChanged) {
            update = update.param("items", LineItemsColumn.parameter(order.items()));
        }
        if (update.update() != 1) {
            // The row is locked by the caller, so this is a bug, not a race: fail loudly and roll back.
            throw new IllegalStateException("Order " + order.id() + " was not at version " + (order.version() - 1));
        }
    }

    Optional<Order> find(String id) {
        return find(id, OrderAccess.EVERYONE);
    }

    /** The order, if {@code access} sees it; another client's order is as absent as one that does not exist. */
    Optional<Order> find(String id, OrderAccess access) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE order_id = :id AND (:all OR owner = :owner)")
                .param("all", access.all()).param("owner", access.owner())
                .param("id", id).query(Orders::row).optional();
    }

    /** The order, locked until the transaction ends, so concurrent changes to it serialize. */
    Optional<Order> lock(String id, OrderAccess access) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM orders WHERE order_id = :id AND (:all OR owner = :owner) FOR UPDATE")
                .param("all", access.all()).param("owner", access.owner())
                .param("id", id).query(Orders::row).optional();
    }

    /** Newest first, after {@code after} when given, optionally only one status. */
    List<Order> page(OrderStatus status, Cursor after, int limit) {
        return page(status, after, limit, OrderAccess.EVERYONE);
    }

    List<Order> page(OrderStatus status, Cursor after, int limit, OrderAccess access) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM orders WHERE true");
        if (!access.all()) {
            sql.append(" AND owner = :owner");
        }
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (after != null) {
            sql.append(" AND (created_at, order_id) < (:afterCreated, :afterId)");
        }
        sql.append(" ORDER BY created_at DESC, order_id DESC LIMIT :limit");
        JdbcClient.StatementSpec query = jdbc.sql(sql.toString()).param("limit", limit);
        if (!access.all()) {
            query = query.param("owner", access.owner());
        }
        if (status != null) {
            query = query.param("status", status.name());
        }
        if (after != null) {
            query = query.param("afterCreated", timestamp(after.createdAt())).param("afterId", after.orderId());
        }
        return query.query(Orders::row).list();
    }

    /**
     * Claims up to {@code limit} orders whose next transition is due, oldest due first. Rows another replica has
     * claimed are skipped, not waited for, so replicas share the work and each order is moved by one of them.
     */
    List<Order> claimDue(Instant now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM orders
                        WHERE next_transition_at <= :now
                        ORDER BY next_transition_at
                        LIMIT :limit
                        FOR UPDATE SKIP LOCKED
                        """)
                .param("now", timestamp(now)).param("limit", limit)
                .query(Orders::row).list();
    }

    private static Order row(ResultSet rs, int row) throws SQLException {
        return new Order(rs.getString("order_id"), rs.getString("customer_id"),
                OrderStatus.valueOf(rs.getString("status")), rs.getString("currency"),
                LineItemsColumn.read(rs.getString("items")), rs.getBigDecimal("total"), instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getLong("version"), instant(rs, "next_transition_at"));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
