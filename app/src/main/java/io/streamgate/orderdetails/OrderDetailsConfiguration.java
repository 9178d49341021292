package io.streamgate.orderdetails;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.consumer.EventSubscription;
import io.streamgate.platform.database.SystemMigrations;
import io.streamgate.platform.edge.AdditionalPort;
import io.streamgate.platform.edge.Routes;
import io.streamgate.platform.health.ReadyWhen;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.util.List;

/** Wires the order details system (on or off as a whole: {@code StreamgateSystem} on the package). */
@Configuration(proxyBeanMethods = false)
class OrderDetailsConfiguration {

    /** The topics whose order ids this system indexes: the ones it consumes. */
    static final List<String> INDEXED_TOPICS = List.of(Topics.ORDER_EVENTS.name());

    @Bean
    SystemMigrations orderdetailsMigrations(DataSource dataSource) {
        return SystemMigrations.of("orderdetails", dataSource);
    }

    @Bean
    OrderDetailsProjection orderDetailsProjection(DataSource dataSource, JsonMapper jsonMapper,
                                                  ObjectProvider<MeterRegistry> meters) {
        return new OrderDetailsProjection(new JdbcTemplate(dataSource), jsonMapper,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    EventSubscription<OrderEvent> orderDetailsSubscription(OrderDetailsSettings settings,
                                                           OrderDetailsProjection projection) {
        return EventSubscription.of(settings.consumerGroup(), Topics.ORDER_EVENTS, OrderEvent::getEventId, projection);
    }

    @Bean
    OrderDetailsReadModel orderDetailsReadModel(DataSource dataSource, JsonMapper jsonMapper,
                                                OrderDetailsSettings settings) {
        List<String> unknown = settings.allowedTopics().stream().filter(t -> !INDEXED_TOPICS.contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("streamgate.orderdetails.allowed-topics " + unknown + " are not consumed "
                    + "by order details, so there is no index of their order ids; allowed are " + INDEXED_TOPICS);
        }
        return new OrderDetailsReadModel(new JdbcTemplate(dataSource), jsonMapper);
    }

    /**
     * Its routes read the read model in Postgres. A consumer that is stuck, or Kafka away, leaves them answering (what
     * was applied so far; /health shows the consumer), so neither takes the deployment out of the Service.
     */
    @Bean
    ReadyWhen orderDetailsReadyWhen() {
        return ReadyWhen.up("orderdetails", ReadyWhen.Dependency.DATABASE);
    }

    /** Seed 003 answers invalid input with 400, as the document says. */
    @Bean
    Routes orderDetailsRoutes() {
        return Routes.of(Routes.path("/order-details").invalidInputAs400().requires("orders:read"),
                Routes.path("/getAllOrderIdsFromTopic").invalidInputAs400().requires("orders:read"));
    }

    /** Seed 003's port: the curls of the document work verbatim on 8001. */
    @Bean
    AdditionalPort orderDetailsPort(OrderDetailsSettings settings) {
        return new AdditionalPort("Order details (seed 003)", settings.port());
    }
}
