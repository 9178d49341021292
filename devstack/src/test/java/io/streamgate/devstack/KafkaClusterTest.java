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
import io.streamgate.platform.kafka.KafkaClientSettings;
import io.streamgate.platform.kafka.StreamgateKafkaProperties;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The embedded cluster of three ({@code streamgate.devstack.brokers=3}): replication 3, min ISR 2, real faults. */
class KafkaClusterTest {

    /** Longer than the old 3 s delivery timeout and than the 9 s broker session timeout after which it is fenced. */
    private static final Duration FROZEN_LEADER_FREEZE = Duration.ofSeconds(13);
    private static final int PARTITIONS = 3;

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

    /**
     * The partition leader frozen ({@code SIGSTOP}) for 13 s, longer than the producer's old 3 s delivery timeout and
     * than the controller needs to fence it (9 s session timeout), while the application's producer (its settings as
     * the platform builds them) sends numbered records, each "request" answered at the application's answer deadline.
     * Read back with read_committed: every record at most once, every one acknowledged in time exactly once, and with
     * a delivery timeout that outlasts the failover every record written (the producer retried it under its sequence
     * number and the new leader, which has the old one's producer state, dropped the copies).
     * <p>
     * With the old settings ({@code -Dstreamgate.test.delivery-timeout=3s}) the producer gave up on every batch in
     * flight or waiting for the frozen broker (500-1,100 of about 1,450 records per run): an expiry is what makes it
     * bump its epoch and send the partition's other unacknowledged batches again from sequence 0, which a new leader
     * takes as new records (the fault lab's duplicates). This test fails there on those expiries in every run; the
     * duplicate itself is rarer and did not occur in the 16 runs measured (docs/reliability.md).
     */
    @Test
    void theApplicationsProducerWritesEachRecordOnceThroughAFrozenLeader() throws Exception {
        StreamgateKafkaProperties settings = applicationProducerSettings();
        // One run in CI; more to measure a rate (-Dstreamgate.test.frozen-leader-runs=10), all judged at the end.
        int runs = Integer.getInteger("streamgate.test.frozen-leader-runs", 1);
        List<FrozenLeaderRun> results = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            FrozenLeaderRun result = sendThroughAFrozenLeader(settings);
            System.out.println("FROZEN-LEADER run " + (run + 1) + "/" + runs + ", " + result.summary());
            results.add(result);
        }
        System.out.println("FROZEN-LEADER " + results.stream().filter(r -> !r.duplicated().isEmpty()).count() + " of "
                + runs + " run(s) wrote a record more than once, "
                + results.stream().mapToInt(r -> r.duplicated().size()).sum() + " record(s) in all");
        for (FrozenLeaderRun result : results) {
            assertThat(result.answeredLate()).as("the freeze held requests past their answer deadline: %s",
                    result.summary()).isPositive();
            assertThat(result.failed()).as("records the producer gave up on (an expiry is what makes it bump its "
                    + "epoch and send other unacknowledged batches again under new sequence numbers): %s",
                    result.summary()).isZero();
            assertThat(result.duplicated()).as("records written more than once: %s", result.summary()).isEmpty();
            assertThat(result.acknowledgedInTime()).as("acknowledged records in the topic exactly once: %s",
                    result.summary()).allSatisfy(number ->
                    assertThat(result.copies().get(Integer.toString(number))).isEqualTo(1L));
            assertThat(result.acknowledged()).as("every record the producer acknowledged is in the topic: %s",
                    result.summary()).allSatisfy(number ->
                    assertThat(result.copies()).containsKey(Integer.toString(number)));
        }
    }

    /** One run: what was sent, answered and acknowledged, and how often each record is in the topic. */
    record FrozenLeaderRun(String summary, int answeredLate, int failed, List<Integer> acknowledgedInTime,
                           Set<Integer> acknowledged, Map<String, Long> copies, Map<String, Long> duplicated) {
    }

    private static FrozenLeaderRun sendThroughAFrozenLeader(StreamgateKafkaProperties settings) throws Exception {
        String topic = "cluster-frozen-leader-" + UUID.randomUUID();
        // Three partitions: the frozen broker leads the first and follows the others, whose leaders wait for it
        // (acks=all) until it is fenced. Both are how the fault lab's broker freeze met the producer.
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 3))).all().get();
        described(topic);
        EmbeddedKafka leader = stack.kafkaCluster().broker(leaderOf(topic).id());
        KafkaConnectionDetails connection = () -> List.of(stack.bootstrapServers().split(","));
        Map<String, Object> config = new HashMap<>(KafkaClientSettings.producer(new KafkaProperties(), connection,
                settings));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "frozen-leader-" + topic);

        Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
        Map<Integer, Long> ackedAt = new ConcurrentHashMap<>();
        Map<Integer, Exception> failed = new ConcurrentHashMap<>();
        int sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, null, "warm".getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
            long start = System.nanoTime();
            long freezeAt = start + Duration.ofSeconds(1).toNanos();
            long thawAt = freezeAt + FROZEN_LEADER_FREEZE.toNanos();
            long end = thawAt + Duration.ofSeconds(2).toNanos();
            boolean frozen = false;
            try {
                for (long now = start; now < end; now = System.nanoTime()) {
                    if (!frozen && now >= freezeAt) {
                        leader.freeze();
                        frozen = true;
                    } else if (frozen && now >= thawAt) {
                        leader.thaw();
                        frozen = false;
                        freezeAt = Long.MAX_VALUE;
                    }
                    int number = sent++;
                    sentAt.put(number, System.nanoTime());
                    producer.send(new ProducerRecord<>(topic, number % PARTITIONS, null, Integer.toString(number)
                            .getBytes(StandardCharsets.UTF_8)), (metadata, error) -> {
                        if (error == null) {
                            ackedAt.put(number, System.nanoTime());
                        } else {
                            failed.put(number, error);
                        }
                    });
                    // The workload's pace (about 100 requests/s), not a wait for an outcome.
                    LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                }
            } finally {
                if (frozen) {
                    leader.thaw();
                }
            }
            producer.flush(); // every record acknowledged or failed, within the delivery timeout
        }

        long answerNanos = settings.answerTimeout().toNanos();
        List<Integer> acknowledgedInTime = new ArrayList<>();
        int answeredLate = 0;
        for (int number = 0; number < sent; number++) {
            Long acked = ackedAt.get(number);
            if (acked != null && acked - sentAt.get(number) <= answerNanos) {
                acknowledgedInTime.add(number);
            } else {
                answeredLate++;
            }
        }
        Map<String, Long> copies = consumeToTheEnd(topic).stream()
                .collect(Collectors.groupingBy(value -> value, Collectors.counting()));
        Map<String, Long> duplicated = copies.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        String summary = "delivery timeout " + settings.deliveryTimeout().toMillis() + " ms: " + sent + " sent, "
                + acknowledgedInTime.size() + " acknowledged within " + settings.answerTimeout().toMillis() + " ms, "
                + answeredLate + " answered at the deadline, " + ackedAt.size() + " acknowledged in all, "
                + failed.size() + " failed, " + duplicated.size() + " written more than once " + duplicated;
        // The thawed broker back in the ISR: the cluster as the next run or test expects it.
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.describeTopics(List.of(topic)).allTopicNames().get()
                .get(topic).partitions().stream().allMatch(p -> p.isr().size() == 3));
        return new FrozenLeaderRun(summary, answeredLate, failed.size(), acknowledgedInTime, Set.copyOf(ackedAt.keySet()), copies,
                duplicated);
    }

    /**
     * The application's producer settings: the platform's defaults, or, to measure what they replaced, another delivery
     * timeout ({@code -Dstreamgate.test.delivery-timeout=3s}, the answer timeout then at most that).
     */
    private static StreamgateKafkaProperties applicationProducerSettings() {
        StreamgateKafkaProperties d = StreamgateKafkaProperties.defaults();
        String override = System.getProperty("streamgate.test.delivery-timeout");
        if (override == null || override.isBlank()) {
            return d;
        }
        Duration delivery = DurationStyle.detectAndParse(override);
        Duration answer = d.answerTimeout().compareTo(delivery) > 0 ? delivery : d.answerTimeout();
        return new StreamgateKafkaProperties(d.maxBlock(), d.requestTimeout(), delivery, answer, d.linger(),
                d.compression(), d.bufferMemory(), d.bufferReserve(), d.closeTimeout(), d.probeInterval(),
                d.probeTimeout(), d.coldPathThreads(), d.coldPathQueue());
    }

    /** Every value in {@code topic} up to its end, read_committed. */
    private static List<String> consumeToTheEnd(String topic) {
        List<String> values = new ArrayList<>();
        List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                .mapToObj(partition -> new TopicPartition(topic, partition)).toList();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= endOffsets.get(p));
            });
        }
        values.removeIf("warm"::equals);
        return values;
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
