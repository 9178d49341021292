package io.streamgate.orderdetails;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.streamgate.orderdetails.DeadLetterReader.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter send and the offset commit are two steps: a consumer that dies between them handles the record again
 * after the restart and sends a second copy. Here the group's committed offset is moved back before the poison record
 * while no consumer runs, which is exactly where such a crash leaves it. Both copies carry one {@code dead-letter-id},
 * which no other dead letter carries, so a reader of the dead-letter topic can drop the second.
 */
class DeadLetterCopiesTest extends OrderDetailsTest {

    @Test
    void shouldGiveEveryCopyOfADeadLetterTheSameIdAndNoOtherDeadLetterIt() throws Exception {
        String group = "orderdetails-dlt-copies-" + UUID.randomUUID().toString().substring(0, 8);
        String orderId = OrderEvents.uniqueOrderId("ORDER-DLT-COPIES");
        byte[] notAvro = "{\"orderId\":\"not avro\"}".getBytes(StandardCharsets.UTF_8);
        OrderEvent created = OrderEvents.event(orderId, 1, OrderStatus.CREATED);
        RecordMetadata poison;
        RecordMetadata otherPoison;

        try (DeadLetterReader deadLetters = new DeadLetterReader(bootstrapServers())) {
            try (ConfigurableApplicationContext first = startConsumerAtTheEnd(group)) {
                poison = publishRaw(orderId, notAvro);
                otherPoison = publishRaw(orderId, notAvro);
                publishRaw(orderId, encode(created));
                await().atMost(Duration.ofSeconds(60)).until(() -> applied(group, created.getEventId()));
            }
            assertThat(deadLetters.withKey(orderId, group)).hasSize(2);

            // Where a crash after the first dead-letter send, before its offset commit, leaves the group.
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
                admin.alterConsumerGroupOffsets(group, Map.of(
                        new TopicPartition(Topics.ORDER_EVENTS.name(), poison.partition()),
                        new OffsetAndMetadata(poison.offset()))).all().get(10, TimeUnit.SECONDS);
            }
            OrderEvent confirmed = OrderEvents.event(orderId, 2, OrderStatus.CONFIRMED);
            try (ConfigurableApplicationContext second = startConsumer(group)) {
                publish(confirmed);
                await().atMost(Duration.ofSeconds(60)).until(() -> applied(group, confirmed.getEventId()));
            }

            List<ConsumerRecord<byte[], byte[]>> letters = deadLetters.withKey(orderId, group);
            String firstId = "order-events-" + poison.partition() + "@" + poison.offset() + ":" + group;
            String otherId = "order-events-" + otherPoison.partition() + "@" + otherPoison.offset() + ":" + group;
            assertThat(letters).extracting(letter -> text(letter, "dead-letter-id"))
                    .containsExactly(firstId, otherId, firstId, otherId);
            assertThat(letters).allSatisfy(letter -> assertThat(letter.value()).isEqualTo(notAvro));
        }
    }
}
