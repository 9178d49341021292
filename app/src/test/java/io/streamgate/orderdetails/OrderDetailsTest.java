package io.streamgate.orderdetails;

import io.streamgate.platform.avro.AvroSerializer;
import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.platform.avro.SchemaRegistryMode;
import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.SecondApplication;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * Order details alone in an application of its own (as its own deployment would run it, the other systems off),
     * consuming as {@code group} from the group's committed offsets.
     */
    ConfigurableApplicationContext startConsumer(String group, String... args) {
        List<String> all = new ArrayList<>(List.of("--streamgate.systems=orderdetails",
                "--streamgate.orderdetails.consumer-group=" + group, "--streamgate.consumer.lag-interval=1s"));
        all.addAll(List.of(args));
        return SecondApplication.start(all.toArray(String[]::new));
    }

    /**
     * {@link #startConsumer} from the current end of {@code order-events}: the group's offsets are committed there
     * before it starts, so it reads only what the test writes next, never the topic's history.
     */
    ConfigurableApplicationContext startConsumerAtTheEnd(String group, String... args) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            String topic = Topics.ORDER_EVENTS.name();
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS)
                    .forEach((partition, end) -> ends.put(partition, new OffsetAndMetadata(end.offset())));
            admin.alterConsumerGroupOffsets(group, ends).all().get(10, TimeUnit.SECONDS);
        }
        return startConsumer(group, args);
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

    /** The sum of a meter's series for {@code group} (and {@code outcome}, if given) on {@code /actuator/prometheus}. */
    static double meter(WebTestClient client, String name, String group, String... outcome) {
        String text = client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Pattern line = Pattern.compile("^" + name + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(text == null ? "" : text);
        double sum = 0;
        while (matcher.find()) {
            String labels = matcher.group(1);
            if (labels.contains("group=\"" + group + "\"")
                    && (outcome.length == 0 || labels.contains("outcome=\"" + outcome[0] + "\""))) {
                sum += Double.parseDouble(matcher.group(2));
            }
        }
        return sum;
    }

    /**
     * The same bytes under a schema id of their own: the event's schema with a doc of its own, registered under a subject
     * of its own. The writer schema is the event's, so the record reads the same, but an application must ask the
     * registry for it.
     */
    byte[] withUncachedSchemaId(byte[] encoded) {
        ObjectNode schema = (ObjectNode) JsonMapper.builder().build().readTree(OrderEvent.getClassSchema().toString());
        String variant = UUID.randomUUID().toString();
        schema.put("doc", "An order event (test " + variant + ")");
        int id = new SchemaRegistryClient(registry.url())
                .register("orderdetails-test-" + variant + "-value", new Schema.Parser().parse(schema.toString()));
        byte[] copy = Arrays.copyOf(encoded, encoded.length);
        ByteBuffer.wrap(copy).putInt(1, id);
        return copy;
    }
}
