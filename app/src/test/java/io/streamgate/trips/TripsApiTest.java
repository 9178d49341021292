package io.streamgate.trips;

import io.streamgate.platform.edge.RequestIds;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.trips.DriverAssigned;
import io.streamgate.schemas.trips.JoinedTrip;
import io.streamgate.schemas.trips.TripCompleted;
import io.streamgate.schemas.trips.TripRequested;
import io.streamgate.support.Bodies;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trips system over HTTP on the real stack: each part lands in its topic, decoded through the registry; bad input
 * is a 422 naming the field with nothing written; batches answer per item; and triples posted in any order come out
 * of {@code hw.fake.joinedstreams} as one joined trip each, from the join running inside the app.
 */
@TestPropertySource(properties = {
        "streamgate.trips.join.enabled=true",
        "streamgate.trips.join.application-id=trips-join-api-test-${random.uuid}",
        "streamgate.streams.state-dir=${java.io.tmpdir}/streamgate-trips-api-test-${random.uuid}",
        // At the end of the test JVM the shared broker stops alongside this context: do not wait 30 s for it.
        "streamgate.streams.close-timeout=5s"})
class TripsApiTest extends EndToEndTest {

    @Test
    void shouldPublishATripRequestedKeyedByTripIdWithTheRequestId() {
        String tripId = "API-" + UUID.randomUUID();
        try (TopicProbe<TripRequested> topic = probe(Topics.TRIP_REQUESTED)) {
            Map<String, Object> receipt = post(http, "/trips/requested", TripFixtures.requestedJson(tripId))
                    .expectStatus().isCreated()
                    .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
            assertThat(receipt).containsEntry("trip_id", tripId).containsEntry("status", "delivered")
                    .containsEntry("topic", Topics.TRIP_REQUESTED.name());

            ConsumerRecord<String, TripRequested> record = topic.awaitRecord(r -> r.key().equals(tripId));
            TripRequested expected = TripRequested.newBuilder(TripFixtures.requested(tripId))
                    .setRequestId((String) receipt.get("request_id")).build();
            assertThat(record.value()).isEqualTo(expected);
            assertThat(new String(record.headers().lastHeader(RequestIds.HEADER).value(), StandardCharsets.UTF_8))
                    .isEqualTo(receipt.get("request_id"));
        }
    }

    @Test
    void shouldPublishTheFareExactlyAndTheOptionalTipAsNullWhenAbsent() {
        String tripId = "FARE-" + UUID.randomUUID();
        try (TopicProbe<TripCompleted> topic = probe(Topics.TRIP_COMPLETED)) {
            post(http, "/trips/completed", """
                    {"trip_id": "%s", "distance_meters": 1200, "duration_seconds": 300, "fare": 7.1,
                     "currency": "EUR", "completed_at": "2026-11-23T10:05:00.123Z"}""".formatted(tripId))
                    .expectStatus().isCreated();

            TripCompleted event = topic.awaitRecord(r -> r.key().equals(tripId)).value();
            assertThat(event.getFare()).isEqualTo(new BigDecimal("7.10"));
            assertThat(event.getTip()).isNull();
            assertThat(event.getCompletedAt()).isEqualTo(Instant.parse("2026-11-23T10:05:00.123Z"));
        }
    }

    @Test
    void shouldRejectInvalidValuesNamingEachFieldAndWriteNothing() {
        try (TopicProbe<DriverAssigned> topic = probe(Topics.DRIVER_ASSIGNED)) {
            post(http, "/trips/driver-assigned", """
                    {"trip_id": "", "driver_id": "D-1", "vehicle_plate": "   ", "assigned_at": "2026-11-23T10:00:00Z"}""")
                    .expectStatus().isEqualTo(422)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.errors[*].field").value((List<Object> fields) ->
                            assertThat(fields).containsExactly("trip_id", "vehicle_plate"));
            post(http, "/trips/driver-assigned", """
                    {"trip_id": "T-1", "driver_id": "D-1", "vehicle_plate": "X", "assigned_at": "2026-11-23T10:00:00Z",
                     "colour": "red"}""")
                    .expectStatus().isEqualTo(422);
            post(http, "/trips/completed", """
                    {"trip_id": "T-1", "distance_meters": "12", "duration_seconds": 1, "fare": 1, "currency": "USD",
                     "completed_at": "2026-11-23T10:00:00Z"}""")
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("distance_meters");
            post(http, "/trips/completed", """
                    {"trip_id": "T-1", "distance_meters": 12, "duration_seconds": 1, "fare": 1.005, "currency": "USD",
                     "completed_at": "2026-11-23T10:00:00Z"}""")
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("fare");
            post(http, "/trips/requested", "{\"trip_id\": ").expectStatus().isBadRequest();
            // An optional field is left out, never sent as null.
            post(http, "/trips/driver-assigned", """
                    {"trip_id": "T-1", "driver_id": "D-1", "vehicle_plate": "X", "vehicle_model": null,
                     "assigned_at": "2026-11-23T10:00:00Z"}""")
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("vehicle_model")
                    .jsonPath("$.errors[0].message").value((String message) -> assertThat(message)
                            .startsWith("must not be null").contains("leave the field out"));
            post(http, "/trips/completed", """
                    {"trip_id": "T-1", "distance_meters": 12, "duration_seconds": 1, "fare": 1, "tip": null,
                     "currency": "USD", "completed_at": "2026-11-23T10:00:00Z"}""")
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("tip");
            post(http, "/trips/completed", """
                    {"trip_id": "T-1", "distance_meters": 2.5, "duration_seconds": 1, "fare": 1,
                     "currency": "USD", "completed_at": "2026-11-23T10:00:00"}""")
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.errors[0].message").isEqualTo("must be a whole number");

            assertThat(topic.recordsWrittenSinceStart()).isZero();
        }
    }

    @Test
    void shouldRefuseACurrencyWithoutMinorUnitAndDecimalsTheCurrencyLacksAsPaymentsAndOrdersDo() {
        try (TopicProbe<TripCompleted> topic = probe(Topics.TRIP_COMPLETED)) {
            post(http, "/trips/completed", """
                    {"trip_id": "T-GOLD", "distance_meters": 12, "duration_seconds": 1, "fare": 1, "currency": "XAU",
                     "completed_at": "2026-11-23T10:00:00Z"}""")
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.errors[*].field").value((List<Object> fields) ->
                            assertThat(fields).containsExactly("currency"));
            post(http, "/trips/completed", """
                    {"trip_id": "T-YEN", "distance_meters": 12, "duration_seconds": 1, "fare": 1.50, "tip": 0.5,
                     "currency": "JPY", "completed_at": "2026-11-23T10:00:00Z"}""")
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.errors[*].field").value((List<Object> fields) ->
                            assertThat(fields).containsExactly("fare", "tip"))
                    .jsonPath("$.errors[0].message").isEqualTo("must have at most 0 decimal places in JPY");

            assertThat(topic.recordsWrittenSinceStart()).isZero();
        }
    }

    @Test
    void shouldAnswerABatchWithOneResultPerItemAndPublishTheValidOnes() {
        String first = "BATCH-" + UUID.randomUUID();
        String second = "BATCH-" + UUID.randomUUID();
        try (TopicProbe<TripRequested> topic = probe(Topics.TRIP_REQUESTED)) {
            post(http, "/trips/requested/batch", "[" + TripFixtures.requestedJson(first) + ","
                    + "{\"trip_id\": \"X\", \"rider_id\": 5}," + TripFixtures.requestedJson(second) + "]")
                    .expectStatus().isEqualTo(207)
                    .expectBody()
                    .jsonPath("$.accepted").isEqualTo(2)
                    .jsonPath("$.rejected").isEqualTo(1)
                    .jsonPath("$.results[0].status").isEqualTo(201)
                    .jsonPath("$.results[0].id").isEqualTo(first)
                    .jsonPath("$.results[1].status").isEqualTo(422)
                    .jsonPath("$.results[1].errors[0].field").isEqualTo("[1].rider_id")
                    .jsonPath("$.results[2].status").isEqualTo(201);

            topic.awaitRecord(r -> r.key().equals(first));
            topic.awaitRecord(r -> r.key().equals(second));
            assertThat(topic.recordsWrittenSinceStart()).isEqualTo(2);
        }
    }

    @Test
    void shouldTakeABatchLargerThanTheSingleEventBodyLimitUpToItsOwnLimit() {
        // 300 trips are about 75 KB: over the 16 KB default body limit, well under the batch routes' 1 MB.
        String run = "BIG-" + UUID.randomUUID() + "-";
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            body.append(i == 0 ? "" : ",").append(TripFixtures.requestedJson(run + i));
        }
        assertThat(body.length()).isGreaterThan(64 * 1024);
        try (TopicProbe<TripRequested> topic = probe(Topics.TRIP_REQUESTED)) {
            post(http, "/trips/requested/batch", body.append(']').toString())
                    .expectStatus().isEqualTo(207)
                    .expectBody().jsonPath("$.accepted").isEqualTo(300);
            // 207 comes after every item's ack (acks=all), so the records are in the topic.
            assertThat(topic.recordsWrittenSinceStart()).isEqualTo(300);
        }
    }

    @Test
    void shouldJoinTriplesPostedInAnyOrderIntoOneJoinedTripEach() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<List<String>> orders = List.of(
                List.of("requested", "driver-assigned", "completed"),
                List.of("completed", "driver-assigned", "requested"),
                List.of("driver-assigned", "requested", "completed"));
        try (TopicProbe<JoinedTrip> joined = probe(Topics.JOINED_TRIPS)) {
            Map<String, List<String>> trips = new HashMap<>();
            for (int i = 0; i < orders.size(); i++) {
                String tripId = "JOIN-" + run + "-" + i;
                trips.put(tripId, orders.get(i));
                for (String part : orders.get(i)) {
                    post(http, "/trips/" + part, switch (part) {
                        case "requested" -> TripFixtures.requestedJson(tripId);
                        case "driver-assigned" -> TripFixtures.assignedJson(tripId);
                        default -> TripFixtures.completedJson(tripId);
                    }).expectStatus().isCreated();
                }
            }
            // A retried part (same trip, sent twice) must not produce a second joined trip.
            String retried = "JOIN-" + run + "-0";
            post(http, "/trips/completed", TripFixtures.completedJson(retried)).expectStatus().isCreated();

            for (String tripId : trips.keySet()) {
                JoinedTrip trip = joined.awaitRecord(r -> r.key().equals(tripId)).value();
                assertThat(trip.getRequested().getRiderId()).isEqualTo("RIDER-" + tripId);
                assertThat(trip.getAssigned().getVehiclePlate()).isEqualTo("7ABC123");
                assertThat(trip.getCompleted().getFare()).isEqualTo(new BigDecimal("42.50"));
            }
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(joined.drain()).filteredOn(r -> trips.containsKey(r.key())).hasSize(trips.size()));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                http.get().uri("/readyz").exchange().expectStatus().isOk());
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .value(metrics -> assertThat(metrics)
                        .contains("streamgate_trips_join_joined_total")
                        .contains("streamgate_trips_join_late_total{reason=\"arrived_after_join\"")
                        .contains("kafka_stream_"));
    }

    private static WebTestClient.ResponseSpec post(WebTestClient client, String path, String body) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
