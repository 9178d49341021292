package io.streamgate.orderdetails;

import io.streamgate.devstack.DevStack;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderStatus;
import io.streamgate.support.SecondApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer's life: the database stopped under it and restarted (nothing lost, nothing dead-lettered, it resumes by
 * itself), and a restart that resumes from the committed offsets (no replay, read model intact). Each test runs the
 * consumer in an application of its own (order details alone, the other systems off) with a consumer group of its
 * own, so its meters and offsets are its alone.
 */
class OrderDetailsConsumerLifecycleTest extends OrderDetailsTest {

    @AfterEach
    void databaseRunsAgain() {
        if (!DevStack.shared().postgres().isRunning()) {
            DevStack.shared().postgres().start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.get().uri("/health").exchange()
                .expectBody().jsonPath("$.postgres").isEqualTo("up"));
    }

    @Test
    void shouldLoseNothingAndDeadLetterNothingWhileTheDatabaseIsDown() throws Exception {
        String group = "orderdetails-outage-" + UUID.randomUUID().toString().substring(0, 8);
        String orderId = OrderEvents.uniqueOrderId("ORDER-DB-OUTAGE");
        try (ConfigurableApplicationContext app = startConsumer(group, "--streamgate.consumer.stuck-after=3s")) {
            WebTestClient client = SecondApplication.clientOf(app);
            OrderEvent created = OrderEvents.event(orderId, 1, OrderStatus.CREATED);
            publish(created);
            await().atMost(Duration.ofSeconds(60)).until(() -> applied(group, created.getEventId()));
            long deadLettersBefore = deadLetterCount();

            DevStack.shared().postgres().stop();
            OrderEvent confirmed = OrderEvents.event(orderId, 2, OrderStatus.CONFIRMED);
            OrderEvent shipped = OrderEvents.event(orderId, 3, OrderStatus.SHIPPED);
            publish(confirmed);
            publish(shipped);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(meter(client, "streamgate_consumer_retries_total", group)).isPositive());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> client.get().uri("/health").exchange()
                    .expectStatus().isEqualTo(503).expectBody().jsonPath("$.consumers").isEqualTo("down"));
            // Its routes read Postgres, so readiness follows the database (not the consumer: see ReadinessPerRoleTest).
            client.get().uri("/readyz").exchange().expectStatus().isEqualTo(503);

            DevStack.shared().postgres().start();

            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> applied(group, shipped.getEventId()));
            assertThat(applied(group, confirmed.getEventId())).isTrue();
            Long version = jdbc().queryForObject("SELECT version FROM order_details WHERE order_id = ?", Long.class,
                    orderId);
            assertThat(version).isEqualTo(3);
            assertThat(meter(client, "streamgate_consumer_dead_lettered_total", group)).isZero();
            assertThat(deadLetterCount()).isEqualTo(deadLettersBefore);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> client.get().uri("/health").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.consumers").isEqualTo("up"));
            client.get().uri("/readyz").exchange().expectStatus().isOk();
        }
    }

    @Test
    void shouldResumeFromTheCommittedOffsetsAfterARestart() throws Exception {
        String group = "orderdetails-restart-" + UUID.randomUUID().toString().substring(0, 8);
        String orderId = OrderEvents.uniqueOrderId("ORDER-RESTART");
        OrderEvent created = OrderEvents.event(orderId, 1, OrderStatus.CREATED);
        OrderEvent confirmed = OrderEvents.event(orderId, 2, OrderStatus.CONFIRMED);
        try (ConfigurableApplicationContext first = startConsumer(group, "--streamgate.consumer.stuck-after=3s")) {
            publish(created);
            publish(confirmed);
            await().atMost(Duration.ofSeconds(60)).until(() -> applied(group, confirmed.getEventId()));
            awaitCaughtUp(group);
        }

        OrderEvent shipped = OrderEvents.event(orderId, 3, OrderStatus.SHIPPED);
        publish(shipped);
        try (ConfigurableApplicationContext second = startConsumer(group, "--streamgate.consumer.stuck-after=3s")) {
            WebTestClient client = SecondApplication.clientOf(second);
            await().atMost(Duration.ofSeconds(60)).until(() -> applied(group, shipped.getEventId()));
            awaitCaughtUp(group);

            // Everything the group had applied before the restart was committed: nothing comes back as a duplicate.
            assertThat(meter(client, "streamgate_consumer_consumed_total", group, "duplicate")).isZero();
            assertThat(meter(client, "streamgate_consumer_consumed_total", group, "applied")).isPositive();
            client.get().uri("/order-details?orderId={id}", orderId).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("shipped").jsonPath("$.shippingCost").isEqualTo(3.01);
        }
    }

    /** Waits until the group's committed offsets are the end of every partition of order-events. */
    private void awaitCaughtUp(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                int partitions = admin.describeTopics(List.of(Topics.ORDER_EVENTS.name())).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(Topics.ORDER_EVENTS.name()).partitions().size();
                Map<TopicPartition, OffsetSpec> request = java.util.stream.IntStream.range(0, partitions).boxed()
                        .collect(Collectors.toMap(p -> new TopicPartition(Topics.ORDER_EVENTS.name(), p),
                                p -> OffsetSpec.latest()));
                var ends = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
                return ends.entrySet().stream().allMatch(e -> {
                    OffsetAndMetadata offset = committed.get(e.getKey());
                    long position = offset == null ? 0 : offset.offset();
                    return position >= e.getValue().offset();
                });
            });
        }
    }

    /** All records ever written to order-events.DLT (tests run one at a time: nobody else dead-letters meanwhile). */
    private long deadLetterCount() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            String topic = Topics.deadLetterOf(Topics.ORDER_EVENTS.name());
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
    }
}
