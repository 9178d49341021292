package io.streamgate.orderdetails;

import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderStatus;
import io.streamgate.support.RegistryDouble;
import io.streamgate.support.SecondApplication;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.streamgate.orderdetails.DeadLetterReader.header;
import static io.streamgate.orderdetails.DeadLetterReader.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 404 is "no such schema" only when the registry says so. The consumer reads the registry through a double that
 * stands where a proxy or an ingress would: while it answers schema lookups with a bare 404 (no registry error code),
 * a good record is retried and waits, never dead-lettered, and is applied once the registry is reachable again; a
 * record whose schema id the registry itself answers 40403 for (the dev stack's Apicurio, through the double) is
 * dead-lettered.
 */
class RegistryNotFoundAnswersTest extends OrderDetailsTest {

    @Test
    void shouldRetryOnABare404AndDeadLetterOnlyWhatTheRegistryItselfDoesNotKnow() throws Exception {
        String group = "orderdetails-registry-404-" + UUID.randomUUID().toString().substring(0, 8);
        String orderId = OrderEvents.uniqueOrderId("ORDER-REGISTRY-404");
        OrderEvent created = OrderEvents.event(orderId, 1, OrderStatus.CREATED);
        OrderEvent confirmed = OrderEvents.event(orderId, 2, OrderStatus.CONFIRMED);
        byte[] unknownSchema = encode(confirmed);
        int unknownId = 0x7ffffff1;
        ByteBuffer.wrap(unknownSchema).putInt(1, unknownId);

        try (RegistryDouble registryDouble = new RegistryDouble(registry.url());
             DeadLetterReader deadLetters = new DeadLetterReader(bootstrapServers());
             ConfigurableApplicationContext app = startConsumerAtTheEnd(group,
                     "--streamgate.schema-registry.url=" + registryDouble.url(),
                     "--streamgate.consumer.retry-initial-interval=200ms",
                     "--streamgate.consumer.retry-max-interval=1s")) {
            WebTestClient client = SecondApplication.clientOf(app);
            registryDouble.answerEverySchemaLookup(RegistryDouble.Answer.bareNotFound());

            // Written with a schema id the application has not cached: it must ask the registry to read it.
            publishRaw(orderId, withUncachedSchemaId(encode(created)));

            // Retried, again and again, while the path to the registry answers 404s of its own.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(registryDouble.answeredLookups()).hasSizeGreaterThanOrEqualTo(3);
                assertThat(meter(client, "streamgate_consumer_retries_total", group)).isGreaterThanOrEqualTo(2);
            });
            assertThat(applied(group, created.getEventId())).isFalse();
            assertThat(meter(client, "streamgate_consumer_dead_lettered_total", group)).isZero();

            // The registry is reachable again; it does not know one schema id, and says so itself (Apicurio: 40403).
            registryDouble.forwardEverything();
            RecordMetadata poison = publishRaw(orderId, unknownSchema);
            OrderEvent shipped = OrderEvents.event(orderId, 3, OrderStatus.SHIPPED);
            publishRaw(orderId, encode(shipped));

            await().atMost(Duration.ofSeconds(60)).until(() -> applied(group, shipped.getEventId()));
            assertThat(applied(group, created.getEventId())).isTrue();
            List<ConsumerRecord<byte[], byte[]>> letters = deadLetters.withKey(orderId, group);
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.value()).isEqualTo(unknownSchema);
                assertThat(ByteBuffer.wrap(header(letter, "kafka_dlt-original-offset")).getLong())
                        .isEqualTo(poison.offset());
                assertThat(text(letter, "dead-letter-id"))
                        .isEqualTo("order-events-" + poison.partition() + "@" + poison.offset() + ":" + group);
                assertThat(text(letter, "kafka_dlt-exception-message")).contains("Unknown schema id " + unknownId);
            });
            assertThat(meter(client, "streamgate_consumer_dead_lettered_total", group)).isEqualTo(1);
        }
    }
}
