package io.streamgate.orders;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamgate.platform.database.SystemMigrations;
import io.streamgate.platform.outbox.Outbox;
import io.streamgate.platform.edge.Routes;
import io.streamgate.platform.health.ReadyWhen;
import org.springframework.http.HttpMethod;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/** Wires the orders system (on or off as a whole: {@code StreamgateSystem} on the package). Needs the database and the outbox. */
@Configuration(proxyBeanMethods = false)
class OrdersConfiguration {

    @Bean
    SystemMigrations ordersMigrations(DataSource dataSource) {
        return SystemMigrations.of("orders", dataSource);
    }

    @Bean
    Orders orders(DataSource dataSource) {
        return new Orders(JdbcClient.create(dataSource));
    }

    @Bean
    OrderManagement orderManagement(Orders orders, Outbox outbox, TransactionTemplate transactions,
                                    OrdersSettings settings) {
        return new OrderManagement(orders, new OrderEvents(outbox), transactions, settings.lifeCycle(),
                Clock.systemUTC());
    }

    /** Moves due orders on; any number of replicas may ({@code streamgate.orders.life-cycle.enabled=false}: not this one). */
    @Bean
    @ConditionalOnBooleanProperty(name = "streamgate.orders.life-cycle.enabled", matchIfMissing = true)
    OrderLifeCycle orderLifeCycle(OrderManagement management, OrdersSettings settings) {
        return new OrderLifeCycle(management, settings.lifeCycle());
    }

    /** Orders by status, for the dashboard and Prometheus; counted only when read. */
    @Bean
    OrderCensus orderCensus(DataSource dataSource, MeterRegistry meters) {
        return new OrderCensus(dataSource, meters, Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    /**
     * Its routes write Postgres only: an order and its event commit together, and the outbox publishes the event when
     * Kafka is there. So an orders deployment stays ready through a Kafka outage and keeps answering 201.
     */
    @Bean
    ReadyWhen ordersReadyWhen() {
        return ReadyWhen.up("orders", ReadyWhen.Dependency.DATABASE);
    }

    /**
     * Seed 003's routes answer invalid input with 400, as the seed documents; {@code /orders} keeps 422. With
     * authentication on, reading needs {@code orders:read} and changing {@code orders:write}, and a client sees only
     * the orders it created unless it holds {@code orders:admin} ({@link OrderAccess}).
     */
    @Bean
    Routes orderRoutes() {
        return Routes.of(
                Routes.path("/orders").requires("orders:read", HttpMethod.GET).requires("orders:write", HttpMethod.POST),
                Routes.pattern("/orders/{id}").requires("orders:read", HttpMethod.GET)
                        .requires("orders:write", HttpMethod.PUT, HttpMethod.DELETE),
                Routes.path("/create-order").invalidInputAs400().requires("orders:write"),
                Routes.path("/update-order").invalidInputAs400().requires("orders:write"));
    }

    @Bean
    OrdersProblems ordersProblems() {
        return new OrdersProblems();
    }
}
