package io.streamgate.trips;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.avro.AvroSerdes;
import io.streamgate.platform.avro.SchemaRegistryMode;
import io.streamgate.platform.streams.StreamsApplications;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.trips.DriverAssigned;
import io.streamgate.schemas.trips.JoinedTrip;
import io.streamgate.schemas.trips.LateReason;
import io.streamgate.schemas.trips.LateTripPart;
import io.streamgate.schemas.trips.TripCompleted;
import io.streamgate.schemas.trips.TripJoinState;
import io.streamgate.schemas.trips.TripJoinStatus;
import io.streamgate.schemas.trips.TripRequested;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The join under failures, with {@code TopologyTestDriver}, the platform's failure handling (as every streams
 * application of the platform gets it) and the real Avro serde on a registry that fails on demand. A failure that may
 * pass must fail the task: the driver throws it, and piping the record again is what a replaced stream thread does
 * under exactly_once_v2 (it reads again from the last commit). Only poison goes to the dead-letter topic.
 * <p>
 * The driver does not roll back the stores of a failed task as an aborted transaction does; so these tests also show
 * that each step orders its effects so that a failure between them loses nothing.
 */
class TripJoinFailuresTest {

    private static final Duration PARTIAL_TIMEOUT = Duration.ofMinutes(5);
    private static final Instant START = Instant.parse("2026-11-23T10:30:00Z");
    private static final String DEAD_LETTERS = Topics.deadLetterOf(Topics.JOINED_TRIPS.name());

    private final InMemoryRegistry registry = new InMemoryRegistry();
    /** The ingest side's serde: it registers the parts' schemas; the join's own serdes have seen none of them. */
    private final AvroSerdes ingest = new AvroSerdes(registry, SchemaRegistryMode.AUTO_REGISTER);
    private TopologyTestDriver driver;
    private TestInputTopic<String, TripRequested> requested;
    private TestInputTopic<String, DriverAssigned> assigned;
    private TestInputTopic<String, TripCompleted> completed;
    private TestInputTopic<String, byte[]> rawRequested;
    private TestOutputTopic<String, JoinedTrip> joined;
    private TestOutputTopic<String, LateTripPart> late;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void startDriver() {
        TripJoinTopology topology = new TripJoinTopology(
                new TripsSettings.Join("trips-join-failures-test", PARTIAL_TIMEOUT, Duration.ofHours(1),
                        Duration.ofSeconds(1)),
                TripsConfiguration.valueSerdes(new AvroSerdes(registry, SchemaRegistryMode.AUTO_REGISTER)),
                new SimpleMeterRegistry());
        StreamsBuilder builder = new StreamsBuilder();
        topology.build(builder);
        Properties config = StreamsApplications.enforcedSettings("trips-join-failures-test", DEAD_LETTERS);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // The driver under exactly_once_v2 loses what is sent while a record is enqueued, before its transaction is
        // committed: the dead letters of undecodable records. It never rolls back either way, and the failure handling
        // is the same under both guarantees.
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        driver = new TopologyTestDriver(builder.build(), config, START);
        requested = input(Topics.TRIP_REQUESTED.name(), TripRequested.class);
        assigned = input(Topics.DRIVER_ASSIGNED.name(), DriverAssigned.class);
        completed = input(Topics.TRIP_COMPLETED.name(), TripCompleted.class);
        rawRequested = driver.createInputTopic(Topics.TRIP_REQUESTED.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        joined = driver.createOutputTopic(Topics.JOINED_TRIPS.name(), Serdes.String().deserializer(),
                ingest.specific(JoinedTrip.class, false).deserializer());
        late = driver.createOutputTopic(Topics.LATE_TRIP_PARTS.name(), Serdes.String().deserializer(),
                ingest.specific(LateTripPart.class, false).deserializer());
        deadLetters = driver.createOutputTopic(DEAD_LETTERS, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    private <T extends SpecificRecord> TestInputTopic<String, T> input(String topic, Class<T> type) {
        Serializer<T> serializer = ingest.specific(type, false).serializer();
        return driver.createInputTopic(topic, Serdes.String().serializer(), serializer);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldJoinTheTripOnceWhenItsJoinedRecordCouldNotBeSerializedAndTheThirdPartIsProcessedAgain() {
        requested.pipeInput("T1", TripFixtures.requested("T1"));
        assigned.pipeInput("T1", TripFixtures.assigned("T1"));
        // A cold cache after a restart, the registry unreachable: the joined record's schema id cannot be resolved.
        registry.failOnce("register " + Topics.JOINED_TRIPS.name() + "-value");

        assertThatThrownBy(() -> completed.pipeInput("T1", TripFixtures.completed("T1")))
                .as("the task fails instead of going on without the joined record")
                .isInstanceOf(StreamsException.class);
        assertThat(registry.failed()).hasSize(1);
        assertThat(joined.isEmpty()).isTrue();

        completed.pipeInput("T1", TripFixtures.completed("T1"));

        assertThat(joined.readValuesToList()).singleElement().satisfies(trip -> {
            assertThat(trip.getRequested()).isEqualTo(TripFixtures.requested("T1"));
            assertThat(trip.getAssigned()).isEqualTo(TripFixtures.assigned("T1"));
            assertThat(trip.getCompleted()).isEqualTo(TripFixtures.completed("T1"));
        });
        assertThat(late.isEmpty()).as("the third part is not taken for a part after the join").isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldReadAPartAgainWhenItsWriterSchemaCouldNotBeFetchedInsteadOfDeadLetteringIt() {
        registry.failOnce("schema ");

        assertThatThrownBy(() -> requested.pipeInput("T2", TripFixtures.requested("T2")))
                .as("the task fails instead of dead-lettering a good part")
                .isInstanceOf(StreamsException.class);
        assertThat(registry.failed()).singleElement().asString().startsWith("schema ");
        assertThat(deadLetters.isEmpty()).isTrue();

        requested.pipeInput("T2", TripFixtures.requested("T2"));
        assigned.pipeInput("T2", TripFixtures.assigned("T2"));
        completed.pipeInput("T2", TripFixtures.completed("T2"));

        assertThat(joined.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("T2");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterOnlyPartsThatCanNeverBeJoinedAndGoOnWithTheOthers() {
        int requestedId = registry.register(Topics.TRIP_REQUESTED.name() + "-value", TripRequested.getClassSchema());
        byte[] notAvro = "{\"trip_id\": \"T3\"}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownSchemaId = {0, 0, 0, 0x7f, 0x7f, 2, 'T', '3'};
        byte[] corrupt = {0, 0, 0, 0, (byte) requestedId, 8, 'T'};

        rawRequested.pipeInput("T3", notAvro);
        rawRequested.pipeInput("T3", unknownSchemaId);
        rawRequested.pipeInput("T3", corrupt);
        requested.pipeInput("OTHER-KEY", TripFixtures.requested("T3"));
        requested.pipeInput("T3", TripFixtures.requested("T3"));
        assigned.pipeInput("T3", TripFixtures.assigned("T3"));
        completed.pipeInput("T3", TripFixtures.completed("T3"));

        List<TestRecord<String, byte[]>> letters = deadLetters.readRecordsToList();
        assertThat(letters).extracting(TestRecord::key).containsExactly("T3", "T3", "T3", "OTHER-KEY");
        assertThat(letters.subList(0, 3)).extracting(TestRecord::value)
                .containsExactly(notAvro, unknownSchemaId, corrupt);
        assertThat(new String(letters.get(3).headers().lastHeader("__streams.errors.message").value(),
                StandardCharsets.UTF_8)).contains("is not its trip_id 'T3'");
        assertThat(joined.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("T3");
    }

    @Test
    void shouldKeepAWaitingTripDueForExpiryWhenSettingItsPartsAsideFails() {
        requested.pipeInput("SLOW", TripFixtures.requested("SLOW"));
        assigned.pipeInput("SLOW", TripFixtures.assigned("SLOW"));
        registry.failOnce("register " + Topics.LATE_TRIP_PARTS.name() + "-value");

        assertThatThrownBy(() -> driver.advanceWallClockTime(PARTIAL_TIMEOUT))
                .as("the task fails instead of going on without the expired parts")
                .isInstanceOf(StreamsException.class);

        // The punctuation failed before anything was set aside; the trip still waits, and its deadline entry is still
        // due, so the next punctuation (after the task was restarted) expires it.
        KeyValueStore<String, TripJoinState> trips = driver.getKeyValueStore(TripJoinTopology.STATE_STORE);
        KeyValueStore<String, String> deadlines = driver.getKeyValueStore(TripJoinTopology.DEADLINE_STORE);
        TripJoinState slow = trips.get("SLOW");
        assertThat(slow.getStatus()).isEqualTo(TripJoinStatus.WAITING);
        assertThat(deadlines.get(TripJoinTopology.deadlineKey(slow.getDeadline().toEpochMilli(), "SLOW")))
                .as("the deadline entry of the waiting trip").isEqualTo("SLOW");
        assertThat(slow.getDeadline()).isBeforeOrEqualTo(START.plus(PARTIAL_TIMEOUT));
        assertThat(late.isEmpty()).isTrue();
    }
}
