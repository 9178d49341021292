package io.streamgate.trips;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.streams.StreamsApplications;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.trips.DriverAssigned;
import io.streamgate.schemas.trips.JoinedTrip;
import io.streamgate.schemas.trips.LateReason;
import io.streamgate.schemas.trips.LateTripPart;
import io.streamgate.schemas.trips.TripCompleted;
import io.streamgate.schemas.trips.TripJoinState;
import io.streamgate.schemas.trips.TripRequested;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The trips join's rules, with {@code TopologyTestDriver} and wall-clock time advanced explicitly. */
class TripJoinTopologyTest {

    private static final Duration PARTIAL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CLOSED_RETENTION = Duration.ofHours(1);
    private static final Duration PUNCTUATE = Duration.ofSeconds(1);
    private static final Instant START = Instant.parse("2026-11-23T10:30:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, TripRequested> requested;
    private TestInputTopic<String, DriverAssigned> assigned;
    private TestInputTopic<String, TripCompleted> completed;
    private TestOutputTopic<String, JoinedTrip> joined;
    private TestOutputTopic<String, LateTripPart> late;

    @BeforeEach
    void startDriver() {
        TripJoinTopology topology = new TripJoinTopology(
                new TripsSettings.Join("trips-join-test", PARTIAL_TIMEOUT, CLOSED_RETENTION, PUNCTUATE),
                new TripJoinTopology.ValueSerdes() {
                    @Override
                    public <T extends SpecificRecord> Serde<T> of(Class<T> type) {
                        return PlainAvroSerde.of(type);
                    }
                }, meters);
        StreamsBuilder builder = new StreamsBuilder();
        topology.build(builder);
        Properties config = StreamsApplications.enforcedSettings("trips-join-test",
                Topics.deadLetterOf(Topics.JOINED_TRIPS.name()));
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), config, START);
        requested = driver.createInputTopic(Topics.TRIP_REQUESTED.name(), Serdes.String().serializer(),
                PlainAvroSerde.of(TripRequested.class).serializer());
        assigned = driver.createInputTopic(Topics.DRIVER_ASSIGNED.name(), Serdes.String().serializer(),
                PlainAvroSerde.of(DriverAssigned.class).serializer());
        completed = driver.createInputTopic(Topics.TRIP_COMPLETED.name(), Serdes.String().serializer(),
                PlainAvroSerde.of(TripCompleted.class).serializer());
        joined = driver.createOutputTopic(Topics.JOINED_TRIPS.name(), Serdes.String().deserializer(),
                PlainAvroSerde.of(JoinedTrip.class).deserializer());
        late = driver.createOutputTopic(Topics.LATE_TRIP_PARTS.name(), Serdes.String().deserializer(),
                PlainAvroSerde.of(LateTripPart.class).deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    enum Part { REQUESTED, ASSIGNED, COMPLETED }

    static Stream<Arguments> allArrivalOrders() {
        return Stream.of(
                Arguments.of(List.of(Part.REQUESTED, Part.ASSIGNED, Part.COMPLETED)),
                Arguments.of(List.of(Part.REQUESTED, Part.COMPLETED, Part.ASSIGNED)),
                Arguments.of(List.of(Part.ASSIGNED, Part.REQUESTED, Part.COMPLETED)),
                Arguments.of(List.of(Part.ASSIGNED, Part.COMPLETED, Part.REQUESTED)),
                Arguments.of(List.of(Part.COMPLETED, Part.REQUESTED, Part.ASSIGNED)),
                Arguments.of(List.of(Part.COMPLETED, Part.ASSIGNED, Part.REQUESTED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allArrivalOrders")
    void shouldEmitOneJoinedTripWithAllThreePartsWhateverTheArrivalOrder(List<Part> order) {
        String tripId = "TRIP-" + order.hashCode();

        send(order.get(0), tripId);
        send(order.get(1), tripId);
        assertThat(joined.isEmpty()).as("nothing before the third part").isTrue();
        send(order.get(2), tripId);

        List<TestRecord<String, JoinedTrip>> output = joined.readRecordsToList();
        assertThat(output).hasSize(1);
        assertThat(output.getFirst().key()).isEqualTo(tripId);
        assertThat(output.getFirst().value()).isEqualTo(expectedJoin(tripId, START));
        assertThat(late.isEmpty()).isTrue();
        assertThat(meters.counter("streamgate.trips.join.joined").count()).isEqualTo(1.0);
    }

    @Test
    void shouldJoinTripsIndependentlyWhenTheirPartsInterleave() {
        send(Part.REQUESTED, "A");
        send(Part.COMPLETED, "B");
        send(Part.ASSIGNED, "A");
        send(Part.REQUESTED, "B");
        send(Part.COMPLETED, "A");
        send(Part.ASSIGNED, "B");

        assertThat(joined.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("A", "B");
    }

    @Test
    void shouldIgnoreADuplicatedPartWhileTheTripWaitsAndStillEmitOnce() {
        send(Part.REQUESTED, "DUP");
        send(Part.REQUESTED, "DUP");
        send(Part.ASSIGNED, "DUP");
        send(Part.ASSIGNED, "DUP");
        send(Part.COMPLETED, "DUP");

        assertThat(joined.readValuesToList()).containsExactly(expectedJoin("DUP", START));
        assertThat(late.isEmpty()).as("a duplicate while waiting is not late").isTrue();
        assertThat(meters.counter("streamgate.trips.join.duplicates").count()).isEqualTo(2.0);
    }

    @Test
    void shouldSetAsideAPartArrivingAfterItsTripWasJoinedAndNotEmitAgain() {
        sendAll("AGAIN");
        assertThat(joined.readValuesToList()).hasSize(1);

        send(Part.COMPLETED, "AGAIN");

        assertThat(joined.isEmpty()).isTrue();
        LateTripPart aside = late.readValue();
        assertThat(aside.getReason()).isEqualTo(LateReason.ARRIVED_AFTER_JOIN);
        assertThat(aside.getPart()).isEqualTo(TripFixtures.completed("AGAIN"));
        assertThat(meters.counter("streamgate.trips.join.late", "reason", "arrived_after_join").count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldExpireAPartialTripAfterThePartialTimeoutAndSetItsPartsAside() {
        send(Part.REQUESTED, "SLOW");
        send(Part.COMPLETED, "SLOW");

        driver.advanceWallClockTime(PARTIAL_TIMEOUT.minusSeconds(2));
        assertThat(late.isEmpty()).as("still within the time bound").isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(2));
        List<LateTripPart> expired = late.readValuesToList();
        assertThat(expired).extracting(LateTripPart::getReason)
                .containsExactly(LateReason.EXPIRED_WAITING, LateReason.EXPIRED_WAITING);
        assertThat(expired).extracting(LateTripPart::getPart)
                .containsExactly(TripFixtures.requested("SLOW"), TripFixtures.completed("SLOW"));
        assertThat(expired.getFirst().getDetectedAt()).isEqualTo(START.plus(PARTIAL_TIMEOUT));
        assertThat(joined.isEmpty()).isTrue();
    }

    @Test
    void shouldSetAsideAPartArrivingAfterItsTripExpiredInsteadOfJoiningIt() {
        send(Part.REQUESTED, "LATE");
        send(Part.ASSIGNED, "LATE");
        driver.advanceWallClockTime(PARTIAL_TIMEOUT);
        assertThat(late.readValuesToList()).hasSize(2);

        send(Part.COMPLETED, "LATE");

        assertThat(joined.isEmpty()).isTrue();
        LateTripPart aside = late.readValue();
        assertThat(aside.getReason()).isEqualTo(LateReason.ARRIVED_AFTER_EXPIRY);
        assertThat(aside.getPart()).isEqualTo(TripFixtures.completed("LATE"));
        assertThat(meters.counter("streamgate.trips.join.late", "reason", "arrived_after_expiry").count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldCountTheTripsWaitingForAPartUntilTheyAreJoinedOrExpire() {
        send(Part.REQUESTED, "JOINS");
        send(Part.ASSIGNED, "EXPIRES");
        send(Part.ASSIGNED, "EXPIRES");
        assertThat(waitingTrips()).isEqualTo(2.0);

        send(Part.ASSIGNED, "JOINS");
        send(Part.COMPLETED, "JOINS");
        assertThat(joined.readValuesToList()).hasSize(1);
        assertThat(waitingTrips()).as("joined").isEqualTo(1.0);

        driver.advanceWallClockTime(PARTIAL_TIMEOUT);
        assertThat(late.readValuesToList()).hasSize(1);
        assertThat(waitingTrips()).as("expired").isZero();

        send(Part.COMPLETED, "JOINS");
        send(Part.COMPLETED, "EXPIRES");
        assertThat(late.readValuesToList()).hasSize(2);
        assertThat(waitingTrips()).as("parts after the trip closed wait for nothing").isZero();
        KeyValueStore<String, Long> count = driver.getKeyValueStore(TripJoinTopology.WAITING_STORE);
        assertThat(count.get("waiting")).as("kept with the state, for a restart").isZero();
    }

    private double waitingTrips() {
        return meters.get("streamgate.trips.join.waiting").gauge().value();
    }

    @Test
    void shouldForgetAClosedTripAfterTheRetentionSoStateStaysBounded() {
        sendAll("DONE");
        KeyValueStore<String, TripJoinState> state = driver.getKeyValueStore(TripJoinTopology.STATE_STORE);
        KeyValueStore<String, String> deadlines = driver.getKeyValueStore(TripJoinTopology.DEADLINE_STORE);
        assertThat(state.get("DONE").getRequested()).as("a joined trip keeps only a marker").isNull();

        driver.advanceWallClockTime(CLOSED_RETENTION.minusSeconds(1));
        assertThat(state.get("DONE")).isNotNull();
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(state.get("DONE")).isNull();
        // Counted, not estimated: RocksDB's estimate (approximateNumEntries) counts deletions not yet compacted, and
        // Kafka Streams 4.3's test driver reports 2 here.
        try (var all = state.all()) {
            assertThat(all.hasNext()).isFalse();
        }
        try (var all = deadlines.all()) {
            assertThat(all.hasNext()).isFalse();
        }
    }

    @Test
    void shouldKeepTheThirdPartsTimestampOnTheJoinedRecord() {
        requested.pipeInput("TS", TripFixtures.requested("TS"), START.minusSeconds(30));
        assigned.pipeInput("TS", TripFixtures.assigned("TS"), START.minusSeconds(20));
        completed.pipeInput("TS", TripFixtures.completed("TS"), START.minusSeconds(10));

        assertThat(joined.readRecord().getRecordTime()).isEqualTo(START.minusSeconds(10));
    }

    private void sendAll(String tripId) {
        send(Part.REQUESTED, tripId);
        send(Part.ASSIGNED, tripId);
        send(Part.COMPLETED, tripId);
    }

    private void send(Part part, String tripId) {
        switch (part) {
            case REQUESTED -> requested.pipeInput(tripId, TripFixtures.requested(tripId));
            case ASSIGNED -> assigned.pipeInput(tripId, TripFixtures.assigned(tripId));
            case COMPLETED -> completed.pipeInput(tripId, TripFixtures.completed(tripId));
        }
    }

    private static JoinedTrip expectedJoin(String tripId, Instant joinedAt) {
        return JoinedTrip.newBuilder().setTripId(tripId).setRequested(TripFixtures.requested(tripId))
                .setAssigned(TripFixtures.assigned(tripId)).setCompleted(TripFixtures.completed(tripId))
                .setJoinedAt(joinedAt).build();
    }
}
