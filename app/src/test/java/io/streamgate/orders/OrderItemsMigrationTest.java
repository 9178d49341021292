package io.streamgate.orders;

import io.streamgate.platform.database.SystemMigrations;
import io.streamgate.support.EndToEndTest;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code V2__items_in_the_order_row.sql} on a database that already holds orders written by V1: each order's rows in
 * {@code order_items} become its {@code items} column, in line order and exact to the cent, and the application
 * reads and revises them as it does new orders. Each test migrates a database of its own, step by step.
 */
class OrderItemsMigrationTest extends EndToEndTest {

    private static final String INSERT_ORDER = """
            INSERT INTO orders (order_id, customer_id, status, currency, total, created_at, updated_at, version,
                                next_transition_at)
            VALUES (?, ?, ?, 'USD', ?, ?::timestamptz, ?::timestamptz, ?, ?::timestamptz)""";
    private static final String INSERT_ITEM = """
            INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price) VALUES (?, ?, ?, ?, ?)""";

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcConnectionDetails database;

    private String name;
    private DataSource fresh;
    private JdbcClient sql;

    @BeforeEach
    void createADatabaseAtVersion1() {
        name = "items_" + UUID.randomUUID().toString().replace("-", "");
        JdbcClient.create(dataSource).sql("CREATE DATABASE " + name).update();
        fresh = new DriverManagerDataSource(database.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"),
                database.getUsername(), database.getPassword());
        sql = JdbcClient.create(fresh);
        // As SystemMigrations configures the orders set, stopped at V1.
        Flyway.configure().dataSource(fresh).locations("classpath:db/migration/orders").table("flyway_history_orders")
                .baselineOnMigrate(true).baselineVersion("0").target("1").load().migrate();
    }

    @AfterEach
    void dropTheDatabase() {
        JdbcClient.create(dataSource).sql("DROP DATABASE IF EXISTS " + name).update();
    }

    @Test
    void shouldMoveExistingItemsIntoTheirOrderInLineOrderAndExactToTheCent() {
        insertOrder("OLD-1", "CREATED", "1000301.99", "2026-01-02T03:04:05.678Z");
        // Inserted out of line order: the migration orders by line_no, not by arrival.
        insertItem("OLD-1", 3, "MUG-3", 1, "0.99");
        insertItem("OLD-1", 1, "DESK-1", 1, "1000000.00");
        insertItem("OLD-1", 2, "LAMP-2", 2, "150.50");
        insertOrder("OLD-2", "SHIPPED", "20.00", "2026-01-03T03:04:05.678Z");
        insertItem("OLD-2", 1, "BOOK-1", 2, "10");

        assertThat(SystemMigrations.of("orders", fresh).migrate().migrations).as("V2 runs first, then any later one")
                .extracting(migration -> migration.version).first().isEqualTo("2");

        Orders orders = new Orders(JdbcClient.create(fresh));
        Order first = orders.find("OLD-1").orElseThrow();
        assertThat(first.items()).containsExactly(
                new LineItem("DESK-1", 1, new BigDecimal("1000000.00")),
                new LineItem("LAMP-2", 2, new BigDecimal("150.50")),
                new LineItem("MUG-3", 1, new BigDecimal("0.99")));
        assertThat(first.total()).isEqualTo(new BigDecimal("1000301.99"));
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z"));
        assertThat(orders.page(null, null, 10)).extracting(Order::id, Order::items).containsExactly(
                tuple("OLD-2", List.of(new LineItem("BOOK-1", 2, new BigDecimal("10.00")))),
                tuple("OLD-1", first.items()));
        assertThat(sql.sql("SELECT to_regclass('order_items') IS NULL").query(Boolean.class).single()).isTrue();
        assertThat(sql.sql("SELECT items -> 1 ->> 'unit_price' FROM orders WHERE order_id = 'OLD-1'")
                .query(String.class).single()).isEqualTo("150.50");
    }

    @Test
    void shouldLetTheApplicationReviseAMigratedOrder() {
        insertOrder("OLD-3", "CREATED", "3.00", "2026-01-02T03:04:05.678Z");
        insertItem("OLD-3", 1, "PEN-1", 3, "1.00");
        SystemMigrations.of("orders", fresh).migrate();
        Orders orders = new Orders(JdbcClient.create(fresh));
        Order migrated = orders.find("OLD-3").orElseThrow();

        List<LineItem> items = List.of(new LineItem("PEN-1", 1, new BigDecimal("1.00")),
                new LineItem("INK-2", 4, new BigDecimal("2.25")));
        Order revised = migrated.revised(new OrderDraft("CUST-9", "USD", items), Instant.parse("2026-02-01T00:00:00Z"));
        orders.update(revised, true);

        assertThat(orders.find("OLD-3").orElseThrow()).isEqualTo(revised);
    }

    @Test
    void shouldRefuseItemsThatAreNotANonEmptyArray() {
        insertOrder("OLD-4", "CREATED", "1.00", "2026-01-02T03:04:05.678Z");
        insertItem("OLD-4", 1, "PEN-1", 1, "1.00");
        SystemMigrations.of("orders", fresh).migrate();

        for (String items : List.of("[]", "{}", "\"PEN-1\"")) {
            assertThatThrownBy(() -> sql.sql("UPDATE orders SET items = ?::jsonb WHERE order_id = 'OLD-4'")
                    .param(items).update())
                    .as(items).isInstanceOf(DataIntegrityViolationException.class)
                    .hasMessageContaining("orders_items_non_empty_array");
        }
    }

    @Test
    void shouldStopAndChangeNothingWhenAnOrderHasNoItems() {
        insertOrder("EMPTY-1", "CREATED", "0.00", "2026-01-02T03:04:05.678Z");

        assertThatThrownBy(() -> SystemMigrations.of("orders", fresh).migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("1 order(s) in orders have none in order_items");

        // One transaction: the table is still there and the column never appeared.
        assertThat(sql.sql("SELECT to_regclass('order_items') IS NOT NULL").query(Boolean.class).single()).isTrue();
        assertThat(sql.sql("""
                        SELECT count(*) FROM information_schema.columns
                         WHERE table_name = 'orders' AND column_name = 'items'""").query(Long.class).single())
                .isZero();
    }

    private void insertOrder(String id, String status, String total, String createdAt) {
        boolean pending = !status.equals("SHIPPED") && !status.equals("CANCELLED");
        sql.sql(INSERT_ORDER).params(id, "CUST-1", status, new BigDecimal(total), createdAt, createdAt, 1,
                pending ? createdAt : null).update();
    }

    private void insertItem(String orderId, int line, String sku, int quantity, String unitPrice) {
        sql.sql(INSERT_ITEM).params(orderId, line, sku, quantity, new BigDecimal(unitPrice)).update();
    }
}
