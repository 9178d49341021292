package io.streamgate.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The embedded cluster of three ({@code streamgate.devstack.brokers=3}): replication 3, min ISR 2, real faults. */
class KafkaClusterTest {

    @TempDir
    static Path dataDir;
    private static DevStack stack;
    private static Admin admin;

    @BeforeAll
    static void startCluster() {
        stack = DevStack.start(DevStackTestSupport.propertiesIn(dataDir).withBrokers(3),
                EnumSet.of(DevStack.Service.KAFKA));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }

    @AfterAll
    static void stopCluster() {
        if (admin != null) {
            admin.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void threeNodesFormOneClusterWithProductionReplicationDefaults() throws Exception {
        assertThat(stack.kafkaCluster().size()).isEqualTo(3);
        assertThat(admin.describeCluster().nodes().get()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(admin.describeMetadataQuorum().quorumInfo().get().voters()).hasSize(3);

        String topic = "cluster-test-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(2), Optional.empty()))).all().get();

        TopicDescription description = described(topic);
        assertThat(description.partitions()).allSatisfy(partition ->
                assertThat(partition.replicas()).hasSize(3));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                .get("min.insync.replicas").value()).isEqualTo("2");
    }

    @Test
    void producingWithAcksAllGoesOnWhenThePartitionLeaderIsKilled() throws Exception {
        String topic = "cluster-kill-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get();
        described(topic);
        int leader = leaderOf(topic).id();
        EmbeddedKafka victim = stack.kafkaCluster().broker(leader);
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 20; i++) {
                sendAcked(producer, topic, "before-" + i, sent);
            }

            victim.kill();
            assertThat(victim.isRunning()).isFalse();

            for (int i = 0; i < 20; i++) {
                sendAcked(producer, topic, "during-" + i, sent);
            }
            assertThat(leaderOf(topic).id()).isNotEqualTo(leader);

            victim.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> isrOf(topic).size() == 3);
            for (int i = 0; i < 20; i++) {
                sendAcked(producer, topic, "after-" + i, sent);
            }
        }
        assertThat(consumeAll(topic, sent.size())).containsExactlyElementsOf(sent);
    }

    @Test
    void aFrozenFollowerLeavesTheIsrAndWritesGoOnWithMinIsrTwo() throws Exception {
        String topic = "cluster-freeze-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get();
        described(topic);
        int leader = leaderOf(topic).id();
        int followerId = IntStream.rangeClosed(1, 3).filter(id -> id != leader).findFirst().orElseThrow();
        EmbeddedKafka follower = stack.kafkaCluster().broker(followerId);
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            follower.freeze();
            try {
                // replica.lag.time.max.ms (30 s) later the leader shrinks the ISR to two, and acks=all goes on.
                for (int i = 0; i < 10; i++) {
                    sendAcked(producer, topic, "frozen-" + i, sent);
                }
                assertThat(follower.isRunning()).isTrue();
            } finally {
                follower.thaw();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> isrOf(topic).size() == 3);
        }
        assertThat(consumeAll(topic, sent.size())).containsExactlyElementsOf(sent);
    }

    /** The topic's description once every node knows it (metadata reaches the brokers a moment after creation). */
    private static TopicDescription described(String topic) {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic),
                        description -> description.partitions().stream().allMatch(p -> p.leader() != null));
    }

    private static Node leaderOf(String topic) throws Exception {
        return partition0(topic).leader();
    }

    private static Set<Integer> isrOf(String topic) throws Exception {
        return Set.copyOf(partition0(topic).isr().stream().map(Node::id).toList());
    }

    private static TopicPartitionInfo partition0(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().getFirst();
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    private static void sendAcked(KafkaProducer<String, String> producer, String topic, String value,
                                  List<String> sent) throws Exception {
        producer.send(new ProducerRecord<>(topic, "key", value)).get();
        sent.add(value);
    }

    private static List<String> consumeAll(String topic, int expected) {
        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "cluster-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.value());
                }
                return received.size() >= expected;
            });
        }
        return received;
    }
}
