package io.streamgate.orderdetails;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderState;
import io.streamgate.schemas.orders.OrderStatus;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each kind of poison record lands once in {@code order-events.DLT}, bytes unchanged, with Spring Kafka's origin
 * headers, while the good records around it (same key, so same partition) are applied in order.
 */
class PoisonOrderEventsTest extends OrderDetailsTest {

    private record Poison(String kind, byte[] value, String exception, String message) {
    }

    @Test
    void shouldDeadLetterEachPoisonRecordOnceAndApplyTheGoodOnesAroundIt() throws Exception {
        String orderId = OrderEvents.uniqueOrderId("ORDER-POISON");
        byte[] good = encode(OrderEvents.event(orderId, 1, OrderStatus.CREATED));
        byte[] unknownSchemaId = Arrays.copyOf(good, good.length);
        ByteBuffer.wrap(unknownSchemaId).putInt(1, 0x7ffffff0);
        OrderEvent valid = OrderEvents.event(orderId, 4, OrderStatus.CONFIRMED);
        OrderEvent rulesBroken = OrderEvent.newBuilder(valid)
                .setOrder(OrderState.newBuilder(valid.getOrder()).setOrderId("SOMEONE-ELSE").build()).build();
        List<Poison> poisons = List.of(
                new Poison("no magic byte", "{\"orderId\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                        "org.apache.kafka.common.errors.SerializationException", "Unknown magic byte"),
                new Poison("unknown schema id", unknownSchemaId,
                        "org.apache.kafka.common.errors.SerializationException", "Unknown schema id 2147483632"),
                new Poison("truncated Avro", Arrays.copyOf(good, good.length / 2),
                        "org.apache.kafka.common.errors.SerializationException", "Could not decode"),
                new Poison("fails the handler's rules", encode(rulesBroken),
                        "io.streamgate.platform.consumer.EventRejectedException", "differs from order_id"));

        List<OrderEvent> goods = new ArrayList<>();
        List<RecordMetadata> poisonWrites = new ArrayList<>();
        try (DeadLetterReader deadLetters = new DeadLetterReader(bootstrapServers())) {
            OrderEvent first = OrderEvents.event(orderId, 1, OrderStatus.CREATED);
            goods.add(first);
            publish(first);
            for (int i = 0; i < poisons.size(); i++) {
                poisonWrites.add(publishRaw(orderId, poisons.get(i).value()));
                OrderEvent next = OrderEvents.event(orderId, i + 2,
                        i % 2 == 0 ? OrderStatus.CONFIRMED : OrderStatus.SHIPPED);
                goods.add(next);
                publish(next);
            }

            OrderEvent last = goods.getLast();
            await().atMost(Duration.ofSeconds(60)).until(() -> applied(GROUP, last.getEventId()));
            // The last good record follows every poison record in the partition: all were handled before it.
            List<ConsumerRecord<byte[], byte[]>> letters = deadLetters.withKey(orderId);
            assertThat(letters).hasSize(poisons.size());
            for (int i = 0; i < poisons.size(); i++) {
                Poison poison = poisons.get(i);
                ConsumerRecord<byte[], byte[]> letter = letters.get(i);
                RecordMetadata origin = poisonWrites.get(i);
                assertThat(letter.value()).as(poison.kind()).isEqualTo(poison.value());
                assertThat(letter.partition()).isEqualTo(origin.partition());
                assertThat(text(letter, "kafka_dlt-original-topic")).isEqualTo("order-events");
                assertThat(ByteBuffer.wrap(header(letter, "kafka_dlt-original-partition")).getInt())
                        .isEqualTo(origin.partition());
                assertThat(ByteBuffer.wrap(header(letter, "kafka_dlt-original-offset")).getLong())
                        .as(poison.kind()).isEqualTo(origin.offset());
                assertThat(ByteBuffer.wrap(header(letter, "kafka_dlt-original-timestamp")).getLong())
                        .isEqualTo(origin.timestamp());
                assertThat(text(letter, "kafka_dlt-original-consumer-group")).isEqualTo(GROUP);
                assertThat(text(letter, "kafka_dlt-exception-fqcn")).as(poison.kind()).isEqualTo(poison.exception());
                assertThat(text(letter, "kafka_dlt-exception-message")).as(poison.kind()).contains(poison.message());
            }
            for (OrderEvent event : goods) {
                assertThat(applied(GROUP, event.getEventId())).as("version " + event.getVersion()).isTrue();
            }
            Long version = jdbc().queryForObject("SELECT version FROM order_details WHERE order_id = ?", Long.class,
                    orderId);
            assertThat(version).isEqualTo(last.getVersion());
            http.get().uri("/order-details?orderId={id}", orderId).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("shipped");
        }
    }

    private static byte[] header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as(name).isNotNull();
        return header.value();
    }

    private static String text(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(header(record, name), StandardCharsets.UTF_8);
    }

    /** Reads {@code order-events.DLT} from its end at creation. */
    private static final class DeadLetterReader implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

        DeadLetterReader(String bootstrapServers) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            String topic = Topics.deadLetterOf(Topics.ORDER_EVENTS.name());
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.endOffsets(partitions, Duration.ofSeconds(10)).forEach(consumer::seek);
        }

        /** Everything with this key written since creation, in partition order (what is there once the end is read). */
        List<ConsumerRecord<byte[], byte[]>> withKey(String key) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
            return seen.stream().filter(r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8)))
                    .sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset)).toList();
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
