package io.streamgate.trips;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.avro.AvroSerdes;
import io.streamgate.platform.avro.SchemaRegistryUnavailableException;
import io.streamgate.platform.streams.ManagedKafkaStreams;
import io.streamgate.platform.streams.StreamsApplications;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.trips.JoinedTrip;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A registry blip in the join: one part cannot be decoded once (the writer schema could not be fetched), which fails
 * the task, and the stream thread is replaced. The replacement must get the tasks at once, not when the failed
 * thread's member in the group times out (the consumer session timeout, 45 s by default, which this test keeps): the
 * trip is joined, exactly once, well within that.
 * <p>
 * The join is what the app's {@code tripsJoin} bean is ({@link TripsConfiguration#join}: the topology on the
 * context's streams settings), with value serdes that fail one part of one trip once, as the platform's Avro
 * deserializer fails while the registry cannot be asked. The test context itself runs no join.
 */
class TripsJoinThreadReplacementTest extends EndToEndTest {

    /** Clearly below the 45 s session timeout; a replacement that waits for it cannot make it. */
    private static final Duration REJOINED_WITHIN = Duration.ofSeconds(15);

    @Autowired
    StreamsApplications applications;
    @Autowired
    AvroSerdes serdes;
    @Autowired
    MeterRegistry meters;

    private ManagedKafkaStreams join;

    @AfterEach
    void stopTheJoin() {
        if (join != null) {
            join.stop();
        }
    }

    @Test
    void shouldJoinATripSoonAfterATransientFailureReplacedItsStreamThread() {
        String applicationId = "trips-join-thread-replacement-test-" + UUID.randomUUID();
        String tripId = "BLIP-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicBoolean blipped = new AtomicBoolean();

        try (TopicProbe<JoinedTrip> joined = probe(Topics.JOINED_TRIPS)) {
            // Given a running join whose serdes fail the trip's completed part once, as in a registry blip.
            join = applications.create(applicationId, new TripJoinTopology(
                    new TripsSettings.Join(applicationId, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(1)),
                    new FailOnce(TripsConfiguration.valueSerdes(serdes), tripId, blipped),
                    new SimpleMeterRegistry())::build, Topics.deadLetterOf(Topics.JOINED_TRIPS.name()));
            join.start();
            awaiting().atMost(Duration.ofSeconds(60)).until(() -> join.state() == KafkaStreams.State.RUNNING);

            // When a triple is posted, and reading its completed part fails the stream thread.
            post("/trips/requested", TripFixtures.requestedJson(tripId));
            post("/trips/driver-assigned", TripFixtures.assignedJson(tripId));
            post("/trips/completed", TripFixtures.completedJson(tripId));
            awaiting().atMost(Duration.ofSeconds(30)).alias("the blip failed a stream thread, which was replaced")
                    .until(() -> blipped.get() && failedStreamThreads(applicationId) > 0);

            // Then the replacement joins the trip soon, exactly once.
            awaiting().atMost(REJOINED_WITHIN).pollInterval(Duration.ofMillis(100))
                    .alias("the trip joined within " + REJOINED_WITHIN + " of the failure")
                    .until(() -> joined.drain().stream().anyMatch(record -> record.key().equals(tripId)));
            awaiting().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(joined.drain().stream().map(ConsumerRecord::key).filter(tripId::equals))
                            .as("joined records of the trip").hasSize(1));
            JoinedTrip trip = joined.drain().stream().filter(record -> record.key().equals(tripId)).findFirst()
                    .orElseThrow().value();
            assertThat(trip.getCompleted().getFare()).isEqualByComparingTo("42.50");
            assertThat(trip.getRequested().getRiderId()).isEqualTo("RIDER-" + tripId);
        }
    }

    /**
     * Awaitility fails an await when any thread dies of an uncaught exception; a failed stream thread does, on purpose
     * (Kafka Streams rethrows the failure on it after starting its replacement).
     */
    private static ConditionFactory awaiting() {
        return await().dontCatchUncaughtExceptions();
    }

    /** Kafka Streams' own count of failed (and replaced) stream threads, as the app exports it. */
    private double failedStreamThreads(String applicationId) {
        FunctionCounter failed = meters.find("kafka.stream.failed.stream.threads").tag("client.id", applicationId)
                .functionCounter();
        return failed == null ? 0 : failed.count();
    }

    private void post(String path, String body) {
        http.mutate().responseTimeout(Duration.ofSeconds(30)).build().post().uri(path)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isCreated();
    }

    /**
     * The join's serdes, whose deserializer fails the completed part of one trip once, with the exception the
     * platform's Avro deserializer throws when it cannot fetch a writer schema (a failure that may pass).
     */
    private record FailOnce(TripJoinTopology.ValueSerdes serdes, String tripId, AtomicBoolean blipped)
            implements TripJoinTopology.ValueSerdes {

        @Override
        public <T extends SpecificRecord> Serde<T> of(Class<T> type) {
            Serde<T> real = serdes.of(type);
            Deserializer<T> deserializer = (topic, data) -> {
                T value = real.deserializer().deserialize(topic, data);
                if (topic.equals(Topics.TRIP_COMPLETED.name()) && value instanceof GenericRecord record
                        && tripId.equals(String.valueOf(record.get("trip_id"))) && blipped.compareAndSet(false, true)) {
                    throw new SerializationException("Could not fetch writer schema for a record on topic '" + topic
                            + "' (test blip)", new SchemaRegistryUnavailableException("registry blip (test)", null));
                }
                return value;
            };
            return Serdes.serdeFrom(real.serializer(), deserializer);
        }

        @Override
        public <T extends SpecificRecord> Serde<T> state(Class<T> type) {
            return serdes.state(type);
        }
    }
}
