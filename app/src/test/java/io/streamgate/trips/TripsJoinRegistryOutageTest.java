package io.streamgate.trips;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.devstack.DevStack;
import io.streamgate.platform.avro.AvroSerdes;
import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.platform.avro.SchemaRegistryProperties;
import io.streamgate.platform.streams.ManagedKafkaStreams;
import io.streamgate.platform.streams.StreamsApplications;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.trips.JoinedTrip;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The join restarted while the registry is down: it has not seen the parts' writer schemas yet (a new process, or a
 * task moved to another instance, starts with cold caches), so it cannot decode a part nor serialize a joined trip
 * until the registry is back. That must hold the trip back, not lose it: a triple posted during the outage (ingest
 * still publishes with its cached schema ids) is joined exactly once when the registry returns, and nothing of it is
 * dead-lettered.
 * <p>
 * The join instances are what the app's {@code tripsJoin} bean is ({@link TripsConfiguration#join}, on the context's
 * streams settings), each with a registry client of its own, as a restarted process has; the test context itself runs
 * no join (the test configuration turns it off). Each retry replaces a stream thread, whose member leaves the group
 * (the platform's {@code FailedThreadsLeaveTheGroup}), so the default 45 s session timeout does not slow the retries.
 */
class TripsJoinRegistryOutageTest extends EndToEndTest {

    private static final String DEAD_LETTERS = Topics.deadLetterOf(Topics.JOINED_TRIPS.name());

    @Autowired
    StreamsApplications applications;
    @Autowired
    SchemaRegistryProperties registrySettings;
    @Autowired
    MeterRegistry meters;

    private final List<ManagedKafkaStreams> joins = new ArrayList<>();

    @AfterEach
    void stopJoinsAndStartTheRegistry() {
        joins.forEach(ManagedKafkaStreams::stop);
        if (!DevStack.shared().registry().isRunning()) {
            DevStack.shared().registry().start();
        }
    }

    @Test
    void shouldJoinATripPostedWhileTheRegistryWasDownExactlyOnceWhenItIsBack() {
        String applicationId = "trips-join-registry-outage-test-" + UUID.randomUUID();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String before = "OUTAGE-" + run + "-BEFORE";
        String during = "OUTAGE-" + run + "-DURING";

        try (TopicProbe<JoinedTrip> joined = probe(Topics.JOINED_TRIPS);
             KafkaConsumer<String, byte[]> deadLetters = deadLetterReader()) {
            // Given a join that ran, and an ingest side that has published each part's schema (its ids cached).
            ManagedKafkaStreams first = startJoin(applicationId);
            postTriple(before);
            assertThat(joined.awaitRecord(record -> record.key().equals(before)).value().getTripId()).isEqualTo(before);
            first.stop();

            // When the join is restarted while the registry is down, and a triple is posted.
            DevStack.shared().registry().stop();
            startJoin(applicationId);
            postTriple(during);
            List<String> deadLettered = new ArrayList<>();
            awaiting().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .alias("the restarted join has tried the parts (a failed thread, or a dead letter)")
                    .until(() -> {
                        deadLetters.poll(Duration.ofMillis(100)).forEach(record -> deadLettered.add(record.key()));
                        return failedStreamThreads(applicationId) > 0 || deadLettered.contains(during);
                    });

            // Then, once the registry is back, the trip is joined, exactly once, and nothing went to the dead letters.
            DevStack.shared().registry().start();
            awaiting().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(keysOf(joined.drain(), during)).as("joined records of the trip").isNotEmpty());
            awaiting().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(keysOf(joined.drain(), during)).as("joined records of the trip").hasSize(1));
            ConsumerRecord<String, JoinedTrip> trip = joined.drain().stream()
                    .filter(record -> record.key().equals(during)).findFirst().orElseThrow();
            assertThat(trip.value().getRequested().getRiderId()).isEqualTo("RIDER-" + during);
            assertThat(trip.value().getAssigned().getTripId()).isEqualTo(during);
            assertThat(trip.value().getCompleted().getFare()).isEqualByComparingTo("42.50");
            deadLetters.poll(Duration.ofMillis(500)).forEach(record -> deadLettered.add(record.key()));
            assertThat(deadLettered).as("dead-lettered records of the trip").doesNotContain(during);
        }
    }

    /**
     * Awaitility fails an await when any thread dies of an uncaught exception; a failed stream thread does, on purpose
     * (Kafka Streams rethrows the failure on it after starting its replacement).
     */
    private static ConditionFactory awaiting() {
        return await().dontCatchUncaughtExceptions();
    }

    /** A join as the app runs it, with a registry client of its own: its caches start cold, as after a restart. */
    private ManagedKafkaStreams startJoin(String applicationId) {
        SchemaRegistryClient coldClient = new SchemaRegistryClient(registry.url(), registrySettings.connectTimeout(),
                registrySettings.requestTimeout());
        ManagedKafkaStreams join = TripsConfiguration.join(applications,
                new AvroSerdes(coldClient, registrySettings.mode()),
                new TripsSettings.Join(applicationId, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(1)),
                new SimpleMeterRegistry());
        joins.add(join);
        join.start();
        awaiting().atMost(Duration.ofSeconds(60)).until(() -> join.state() == KafkaStreams.State.RUNNING);
        return join;
    }

    /**
     * Kafka Streams' own count of stream threads that failed (and were replaced) in this application, as the app
     * exports it ({@code kafka_stream_failed_stream_threads_total}, which docs/trips.md tells operators to watch).
     */
    private double failedStreamThreads(String applicationId) {
        FunctionCounter failed = meters.find("kafka.stream.failed.stream.threads").tag("client.id", applicationId)
                .functionCounter();
        return failed == null ? 0 : failed.count();
    }

    private KafkaConsumer<String, byte[]> deadLetterReader() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTERS, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.endOffsets(partitions, Duration.ofSeconds(10)).forEach(consumer::seek);
        return consumer;
    }

    private void postTriple(String tripId) {
        post("/trips/requested", TripFixtures.requestedJson(tripId));
        post("/trips/driver-assigned", TripFixtures.assignedJson(tripId));
        post("/trips/completed", TripFixtures.completedJson(tripId));
    }

    private void post(String path, String body) {
        // The first publish of a part registers its schema; on a loaded machine that can outlast the 5 s default.
        http.mutate().responseTimeout(Duration.ofSeconds(30)).build().post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated();
    }

    private static List<String> keysOf(List<ConsumerRecord<String, JoinedTrip>> records, String tripId) {
        return records.stream().map(ConsumerRecord::key).filter(tripId::equals).toList();
    }
}
