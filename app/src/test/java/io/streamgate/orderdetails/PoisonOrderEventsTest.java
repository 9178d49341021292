package io.streamgate.orderdetails;

import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderState;
import io.streamgate.schemas.orders.OrderStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.streamgate.orderdetails.DeadLetterReader.header;
import static io.streamgate.orderdetails.DeadLetterReader.text;
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
                assertThat(text(letter, "dead-letter-id"))
                        .isEqualTo("order-events-" + origin.partition() + "@" + origin.offset() + ":" + GROUP);
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
}
