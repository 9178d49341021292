package io.streamgate.platform.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What one sample says, from meters registered as the platform and the systems register them: HTTP per system (by
 * the route's owner) and for the routes of no system, a system's own meters, produce per topic this process used,
 * the outbox, the consumers; totals since the start, rates and percentiles over the interval.
 */
class DashboardSamplerTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RouteOwners owners = new RouteOwners(
            Map.of("/payments", "payments", "/orders/{id}", "orders"), Set.of("orders", "payments"));
    private final DashboardSampler sampler = new DashboardSampler(registry, () -> owners,
            () -> Map.of("kafka", "UP"), Clock.systemUTC());

    private void requests(String uri, String status, int count, long millis) {
        Timer timer = Timer.builder("http.server.requests").tags("uri", uri, "status", status, "method", "GET")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(50))
                .register(registry);
        for (int i = 0; i < count; i++) {
            timer.record(Duration.ofMillis(millis));
        }
    }

    private static double perInterval(Double perSecond, Snapshot snapshot) {
        return perSecond * snapshot.intervalSeconds();
    }

    @Test
    void shouldGiveEachSystemItsRoutesRatesByStatusClassAndPercentilesOverTheInterval() {
        requests("/payments", "201", 100, 30);
        Snapshot first = sampler.next();
        assertThat(first.intervalSeconds()).isNull();
        assertThat(first.systems()).extracting(Snapshot.SystemFigures::name).containsExactly("orders", "payments");
        Snapshot.HttpFigures payments = first.systems().get(1).http();
        assertThat(payments.requests()).isEqualTo(100);
        assertThat(payments.requestsPerSecond()).containsEntry("2xx", null);
        assertThat(payments.p99Ms()).as("no interval yet").isNull();

        requests("/payments", "201", 8, 3);
        requests("/payments", "422", 2, 3);
        requests("/orders/{id}", "503", 1, 3);
        requests("/health", "200", 4, 3);
        requests(DashboardSampler.OWN_STREAM, "200", 1, 60_000);
        Snapshot second = sampler.next();

        payments = second.systems().get(1).http();
        assertThat(payments.requests()).isEqualTo(110);
        assertThat(perInterval(payments.requestsPerSecond().get("2xx"), second)).isCloseTo(8, within(1e-6));
        assertThat(perInterval(payments.requestsPerSecond().get("4xx"), second)).isCloseTo(2, within(1e-6));
        assertThat(payments.requestsPerSecond().get("5xx")).isZero();
        assertThat(payments.p99Ms()).as("the 30 ms ones were before the interval").isLessThanOrEqualTo(5.0);
        Snapshot.HttpFigures orders = second.systems().get(0).http();
        assertThat(perInterval(orders.requestsPerSecond().get("5xx"), second)).isCloseTo(1, within(1e-6));
        assertThat(second.otherRoutes().requests()).as("/health, not the dashboard's own stream").isEqualTo(4);
        assertThat(second.otherRoutes().p99Ms()).isLessThanOrEqualTo(5.0);
        assertThat(second.health()).containsEntry("kafka", "UP");
    }

    @Test
    void shouldShowASystemsOwnMetersAndOnlyTheTopicsThisProcessPublishedTo() {
        Counter joined = Counter.builder("streamgate.orders.transitions").tag("to", "SHIPPED").register(registry);
        Gauge.builder("streamgate.orders.by.status", () -> Double.NaN).tag("status", "CREATED").register(registry);
        Timer.builder("streamgate.produce.latency").tags("topic", "payments", "outcome", "success")
                .publishPercentileHistogram().register(registry).record(Duration.ofMillis(4));
        Timer.builder("streamgate.produce.latency").tags("topic", "code-execution", "outcome", "success")
                .publishPercentileHistogram().register(registry);
        Counter.builder("streamgate.produce.errors").tags("topic", "payments", "kind", "TIMEOUT").register(registry)
                .increment();
        sampler.next();
        joined.increment(3);

        Snapshot snapshot = sampler.next();

        List<Snapshot.MeterFigures> meters = snapshot.systems().get(0).meters();
        assertThat(meters).extracting(Snapshot.MeterFigures::name)
                .containsExactly("streamgate.orders.by.status", "streamgate.orders.transitions");
        assertThat(meters.get(0).series().getFirst().value()).as("NaN is no JSON number").isNull();
        Snapshot.Series shipped = meters.get(1).series().getFirst();
        assertThat(shipped.tags()).containsEntry("to", "SHIPPED");
        assertThat(perInterval(shipped.perSecond(), snapshot)).isCloseTo(3, within(1e-6));
        assertThat(snapshot.systems().get(1).meters()).as("payments has none").isEmpty();

        assertThat(snapshot.produce()).extracting(Snapshot.ProduceFigures::topic).containsExactly("payments");
        Snapshot.ProduceFigures payments = snapshot.produce().getFirst();
        assertThat(payments.acknowledged()).isEqualTo(1);
        assertThat(payments.errors()).isEqualTo(1);
        assertThat(payments.errorsByKind()).containsExactly(Map.entry("TIMEOUT", 1L));
    }

    @Test
    void shouldShowTheOutboxAndEachConsumersLagPerPartition() {
        Gauge.builder("streamgate.outbox.waiting", () -> 7).register(registry);
        Gauge.builder("streamgate.outbox.oldest.age", () -> 0.25).register(registry);
        Counter published = Counter.builder("streamgate.outbox.published").register(registry);
        Timer lag = Timer.builder("streamgate.outbox.lag").publishPercentileHistogram().register(registry);
        Tags subscription = Tags.of("group", "streamgate.orderdetails", "topic", "order-events");
        Counter consumed = Counter.builder("streamgate.consumer.consumed").tags(subscription).tag("outcome", "applied")
                .register(registry);
        Counter.builder("streamgate.consumer.dead.lettered").tags(subscription).tag("reason", "poison")
                .register(registry).increment(2);
        MultiGauge.builder("streamgate.consumer.lag").register(registry).register(List.of(
                MultiGauge.Row.of(subscription.and("partition", "10"), 4),
                MultiGauge.Row.of(subscription.and("partition", "2"), 1)));
        sampler.next();
        published.increment(5);
        lag.record(Duration.ofMillis(20));
        consumed.increment(6);

        Snapshot snapshot = sampler.next();

        Snapshot.OutboxFigures outbox = snapshot.outbox();
        assertThat(outbox.waiting()).isEqualTo(7.0);
        assertThat(outbox.oldestAgeSeconds()).isEqualTo(0.25);
        assertThat(perInterval(outbox.publishedPerSecond(), snapshot)).isCloseTo(5, within(1e-6));
        assertThat(outbox.lagP99Ms()).isBetween(15.0, 25.0);
        Snapshot.ConsumerFigures consumer = snapshot.consumers().getFirst();
        assertThat(consumer.group()).isEqualTo("streamgate.orderdetails");
        assertThat(consumer.consumed()).isEqualTo(6);
        assertThat(consumer.deadLettered()).isEqualTo(2);
        assertThat(consumer.lag()).as("partitions in numeric order").containsExactly(Map.entry("2", 1L),
                Map.entry("10", 4L));
    }
}
