package io.streamgate.orderdetails;

import io.streamgate.platform.avro.AvroSerializer;
import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.platform.avro.SchemaRegistryMode;
import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.support.EndToEndTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** Base of the order-details tests: puts order events on the topic and reads what the consumer made of them. */
abstract class OrderDetailsTest extends EndToEndTest {

    static final String GROUP = "streamgate.orderdetails";

    @Autowired
    EventPublisher publisher;
    @Autowired
    DataSource dataSource;

    private KafkaProducer<byte[], byte[]> rawProducer;

    JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    /** Through the platform's publisher, keyed by the order id: as the orders outbox writes them. */
    Delivery publish(OrderEvent event) throws Exception {
        return publisher.publish(Topics.ORDER_EVENTS, event.getOrderId(), event).get(15, TimeUnit.SECONDS);
    }

    /** Any bytes, for records no Streamgate producer would write. */
    RecordMetadata publishRaw(String key, byte[] value) throws Exception {
        if (rawProducer == null) {
            rawProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        }
        return rawProducer.send(new ProducerRecord<>(Topics.ORDER_EVENTS.name(),
                key.getBytes(StandardCharsets.UTF_8), value)).get(15, TimeUnit.SECONDS);
    }

    /** The Confluent wire format of an event, as the registry knows it. */
    byte[] encode(OrderEvent event) {
        return new AvroSerializer<OrderEvent>(new SchemaRegistryClient(registry.url()), SchemaRegistryMode.AUTO_REGISTER,
                false).serialize(Topics.ORDER_EVENTS.name(), event);
    }

    @AfterEach
    void closeRawProducer() {
        if (rawProducer != null) {
            rawProducer.close(Duration.ofSeconds(5));
            rawProducer = null;
        }
    }

    /** Waits until {@code GET /order-details} shows the order at {@code version}'s state (by its updated_at). */
    WebTestClient.BodyContentSpec awaitOrder(WebTestClient client, String orderId, String status) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> client.get()
                .uri("/order-details?orderId={id}", orderId).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo(status));
        return client.get().uri("/order-details?orderId={id}", orderId).exchange().expectStatus().isOk().expectBody();
    }

    /** Whether {@code group} has recorded this event id as applied. */
    boolean applied(String group, Object eventId) {
        Integer rows = jdbc().queryForObject(
                "SELECT count(*) FROM processed_events WHERE consumer_group = ? AND event_id = ?", Integer.class,
                group, eventId.toString());
        return rows != null && rows == 1;
    }

    Long appliedOffset(String group, Object eventId) {
        return jdbc().queryForList("SELECT record_offset FROM processed_events WHERE consumer_group = ? AND event_id = ?",
                Long.class, group, eventId.toString()).stream().findFirst().orElse(null);
    }
}
