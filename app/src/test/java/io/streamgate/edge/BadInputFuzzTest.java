package io.streamgate.edge;

import io.streamgate.platform.edge.AdditionalPort;
import io.streamgate.schemas.Topics;
import io.streamgate.support.BadInputs;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.RawHttp;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything a client can send, generated: random mutations of a valid request to every route (its JSON body, its
 * headers, its query string; see {@link BadInputs}), on both listeners. Every answer is a 4xx problem+json with an
 * {@code X-Request-ID} whose body names the same status and id, or the 2xx a mutation that happens to be valid earns;
 * never a 5xx, never a hang; and a 4xx writes nothing (the route's topic, the orders table, or a cancelled order's
 * version, checked after every answer). Seeded: a failure prints its seed and input, and
 * {@code -Dstreamgate.fuzz.seed=<seed>} replays the same inputs; {@code -Dstreamgate.fuzz.inputs=<n>} sets how many
 * each route gets per listener (default 200).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputFuzzTest extends EndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int INPUTS = Integer.getInteger("streamgate.fuzz.inputs", 200);
    private static final long SEED = Long.getLong("streamgate.fuzz.seed", System.nanoTime());

    private static final String PAYMENT = """
            {"amount": 99.99, "currency": "USD", "customer_id": "CUST-1234"}""";
    private static final String TRIP_REQUESTED = """
            {"trip_id": "T-FUZZ", "rider_id": "R-1", "pickup_latitude": 37.7749, "pickup_longitude": -122.4194,
             "dropoff_latitude": 37.8044, "dropoff_longitude": -122.2712, "requested_at": "2026-11-23T10:00:00Z"}""";
    private static final String DRIVER_ASSIGNED = """
            {"trip_id": "T-FUZZ", "driver_id": "D-5", "vehicle_plate": "7ABC123", "vehicle_model": "Toyota Prius",
             "assigned_at": "2026-11-23T10:01:00Z"}""";
    private static final String TRIP_COMPLETED = """
            {"trip_id": "T-FUZZ", "distance_meters": 18250, "duration_seconds": 1560, "fare": 42.50, "tip": 5.00,
             "currency": "USD", "completed_at": "2026-11-23T10:27:00Z"}""";
    private static final String ORDER = """
            {"customer_id": "CUST-1", "currency": "USD", "items": [{"sku": "BOOK-1", "quantity": 2, "unit_price": 12.50}]}""";
    private static final String SUBMISSION = """
            {"code": "print('Hello, World!')", "language": "python", "input_data": "", "user_id": "user123"}""";

    /** How many inputs each route was sent, on each listener: printed at the end, quoted in docs/. */
    private final Map<String, Integer> tried = new ConcurrentHashMap<>();

    @Value("${local.server.port}")
    int port;
    @Autowired
    AdditionalPort orderDetailsPort;
    @Autowired
    DataSource dataSource;

    private String cancelledOrder;

    @BeforeEach
    void cancelledOrder() {
        if (cancelledOrder != null) {
            return;
        }
        // Updates are fuzzed against an order no valid request can change: a 4xx must leave its version as it is.
        cancelledOrder = "FUZZ-" + UUID.randomUUID();
        http.post().uri("/create-order").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"orderId\": \"" + cancelledOrder + "\", \"itemsCount\": 2}").exchange()
                .expectStatus().isCreated();
        http.put().uri("/update-order").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"orderId\": \"" + cancelledOrder + "\", \"status\": \"cancelled\"}").exchange()
                .expectStatus().isOk();
    }

    /** A route, a valid request to mutate, and what a 2xx writes there. */
    record Route(String method, String path, String validBody, String writes) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                new Route("POST", "/payments", PAYMENT, "payments"),
                new Route("POST", "/payments/batch", "[" + PAYMENT + ", " + PAYMENT + "]", "payments"),
                new Route("POST", "/trips/requested", TRIP_REQUESTED, "trip-requested"),
                new Route("POST", "/trips/driver-assigned", DRIVER_ASSIGNED, "driver-assigned"),
                new Route("POST", "/trips/completed", TRIP_COMPLETED, "trip-completed"),
                new Route("POST", "/trips/completed/batch", "[" + TRIP_COMPLETED + "]", "trip-completed"),
                new Route("POST", "/orders", ORDER, "order-rows"),
                new Route("PUT", "/orders/{cancelled}", ORDER, "cancelled-order"),
                new Route("POST", "/create-order", "{\"orderId\": \"FUZZ-CREATE\", \"itemsCount\": 3}", "order-rows"),
                new Route("PUT", "/update-order", "{\"orderId\": \"{cancelled}\", \"status\": \"cancelled\"}",
                        "cancelled-order"),
                new Route("POST", "/submit-code", SUBMISSION, "code-execution"),
                new Route("GET", "/orders", null, "nothing"),
                new Route("GET", "/order-details", null, "nothing"),
                new Route("GET", "/getAllOrderIdsFromTopic", null, "nothing"),
                new Route("GET", "/payments/0191f1d0-0000-7000-8000-000000000000", null, "nothing"),
                new Route("GET", "/supported-languages", null, "nothing"))
                .map(Arguments::arguments);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void shouldAnswerEveryMutationWithAProblemOrAnEarned2xxAndWriteNothingForA4xx(Route route) throws IOException {
        String path = route.path().replace("{cancelled}", cancelledOrder);
        String valid = route.validBody() == null ? null : route.validBody().replace("{cancelled}", cancelledOrder);
        BadInputs inputs = new BadInputs(SEED ^ route.toString().hashCode(), valid, Map.of());
        for (int listener : new int[] {port, orderDetailsPort.port()}) {
            try (Writes writes = writesOf(route.writes())) {
                long expected = 0;
                for (int i = 0; i < INPUTS; i++) {
                    BadInputs.Input input = inputs.next(route.validBody() == null);
                    String context = "seed " + SEED + ", " + route + " on port " + listener + ", input " + i + ": "
                            + input.description();
                    RawHttp.Response response = send(listener, route.method(), path, input);

                    assertAnswer(response, context + "\nanswer: " + response.head() + response.body());
                    if (response.status() < 300) {
                        expected += writes.by(response);
                    }
                    assertThat(writes.count()).as("writes after " + context).isEqualTo(expected);
                }
                tried.merge(route.toString(), INPUTS, Integer::sum);
            }
        }
    }

    @AfterAll
    void report() {
        System.out.println("BadInputFuzzTest: seed " + SEED + ", inputs per route (both listeners): " + tried);
    }

    private static void assertAnswer(RawHttp.Response response, String context) {
        assertThat(response.status()).as("status, " + context).isLessThan(500);
        String requestId = response.header("X-Request-ID");
        assertThat(requestId).as("X-Request-ID, " + context).isNotBlank();
        if (response.status() >= 400) {
            assertThat(response.header("Content-Type")).as("content type, " + context)
                    .isEqualTo("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("status").asInt()).as("problem status, " + context).isEqualTo(response.status());
            assertThat(problem.path("request_id").asString()).as("problem request id, " + context).isEqualTo(requestId);
            assertThat(problem.path("title").asString()).as("problem title, " + context).isNotBlank();
            assertThat(response.body()).as("problem body, " + context).doesNotContain("Exception").doesNotContain("`");
        }
    }

    private static RawHttp.Response send(int listener, String method, String path, BadInputs.Input input)
            throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(input.query())
                .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        Map<String, String> headers = new LinkedHashMap<>(input.headers());
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (input.body().length > 0 || method.equals("POST") || method.equals("PUT")) {
            head.append("Content-Length: ").append(input.body().length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + input.body().length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(input.body(), 0, request, headBytes.length, input.body().length);
        try (RawHttp connection = RawHttp.connect(listener, 15_000)) {
            return connection.send(request).read();
        }
    }

    /** What a route's 2xx writes: a counter that only those writes move, and how far one answer moves it. */
    private interface Writes extends AutoCloseable {

        long count();

        long by(RawHttp.Response response);

        @Override
        default void close() {
        }
    }

    private Writes writesOf(String kind) {
        return switch (kind) {
            case "payments" -> topic(probe(Topics.PAYMENTS));
            case "trip-requested" -> topic(probe(Topics.TRIP_REQUESTED));
            case "driver-assigned" -> topic(probe(Topics.DRIVER_ASSIGNED));
            case "trip-completed" -> topic(probe(Topics.TRIP_COMPLETED));
            case "code-execution" -> topic(probe(Topics.CODE_EXECUTION));
            case "order-rows" -> counter(() -> jdbc().sql("SELECT count(*) FROM orders").query(Long.class).single());
            case "cancelled-order" -> {
                long version = cancelledVersion();
                yield new Writes() {
                    @Override
                    public long count() {
                        return cancelledVersion() - version;
                    }

                    @Override
                    public long by(RawHttp.Response response) {
                        return 0;
                    }
                };
            }
            default -> new Writes() {
                @Override
                public long count() {
                    return 0;
                }

                @Override
                public long by(RawHttp.Response response) {
                    return 0;
                }
            };
        };
    }

    private long cancelledVersion() {
        return jdbc().sql("SELECT version FROM orders WHERE order_id = ?").param(cancelledOrder)
                .query(Long.class).single();
    }

    private JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    /** A topic's records since the probe started; a 207 writes one per item answered 201. */
    private static Writes topic(TopicProbe<?> probe) {
        return new Writes() {
            @Override
            public long count() {
                return probe.recordsWrittenSinceStart();
            }

            @Override
            public long by(RawHttp.Response response) {
                if (response.status() != 207) {
                    return 1;
                }
                long written = 0;
                for (JsonNode result : JSON.readTree(response.body()).path("results")) {
                    if (result.path("status").asInt() == 201) {
                        written++;
                    }
                }
                return written;
            }

            @Override
            public void close() {
                probe.close();
            }
        };
    }

    private static Writes counter(LongSupplier rows) {
        long start = rows.getAsLong();
        return new Writes() {
            @Override
            public long count() {
                return rows.getAsLong() - start;
            }

            @Override
            public long by(RawHttp.Response response) {
                return 1;
            }
        };
    }
}
