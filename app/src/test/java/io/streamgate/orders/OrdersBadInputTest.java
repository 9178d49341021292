package io.streamgate.orders;

import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The payments bad-input matrix, extended to orders: every bad input on every orders route gets its 4xx problem,
 * never a 500 or a stack trace, and writes nothing: no order row, no outbox row, no event.
 */
class OrdersBadInputTest extends OrdersEndToEndTest {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    static Stream<Arguments> badOrders() {
        return Stream.of(
                arguments("malformed JSON", JSON, "{\"customer_id\": \"C1\", \"currency\": }", 400),
                arguments("truncated JSON", JSON, "{\"customer_id\": \"C1\", \"curr", 400),
                arguments("trailing garbage", JSON, VALID + " xyz", 400),
                arguments("duplicate key", JSON, VALID.replace("{\"customer_id\": \"CUST-1\",",
                        "{\"customer_id\": \"CUST-1\", \"customer_id\": \"CUST-2\","), 400),
                arguments("empty body", JSON, "", 400),
                arguments("array instead of object", JSON, "[]", 422),
                arguments("missing items", JSON, "{\"customer_id\": \"C1\", \"currency\": \"USD\"}", 422),
                arguments("no items", JSON, order("\"C1\"", "\"USD\"", ""), 422),
                arguments("items not an array", JSON, "{\"customer_id\": \"C1\", \"currency\": \"USD\", \"items\": {}}", 422),
                arguments("null item", JSON, order("\"C1\"", "\"USD\"", "null"), 422),
                arguments("missing customer id", JSON, "{\"currency\": \"USD\", \"items\": [" + item("\"A\"", "1", "1.00") + "]}", 422),
                arguments("customer id as number", JSON, order("1234", "\"USD\"", item("\"A\"", "1", "1.00")), 422),
                arguments("customer id with spaces", JSON, order("\"CUST 1\"", "\"USD\"", item("\"A\"", "1", "1.00")), 422),
                arguments("lower-case currency", JSON, order("\"C1\"", "\"usd\"", item("\"A\"", "1", "1.00")), 422),
                arguments("unknown currency", JSON, order("\"C1\"", "\"ZZZ\"", item("\"A\"", "1", "1.00")), 422),
                arguments("zero quantity", JSON, order("\"C1\"", "\"USD\"", item("\"A\"", "0", "1.00")), 422),
                arguments("negative quantity", JSON, order("\"C1\"", "\"USD\"", item("\"A\"", "-2", "1.00")), 422),
                arguments("fractional quantity", JSON, order("\"C1\"", "\"USD\"", item("\"A\"", "1.5", "1.00")), 422),
                arguments("quantity as string", JSON, order("\"C1\"", "\"USD\"", item("\"A\"", "\"2\"", "1.00")), 422),
                arguments("huge quantity", JSON, order("\"C1\"", "\"USD\"", item("\"A\"", "99999999999", "1.00")), 422),
                arguments("price as string", JSON, order("\"C1\"", "\"USD\"", item("\"A\"", "1", "\"1.00\"")), 422),
                arguments("zero price", JSON, order("\"C1\"", "\"USD\"", item("\"A\"", "1", "0")), 422),
                arguments("negative price", JSON, order("\"C1\"", "\"USD\"", item("\"A\"", "1", "-1.00")), 422),
                arguments("three decimals", JSON, order("\"C1\"", "\"USD\"", item("\"A\"", "1", "1.005")), 422),
                arguments("decimals in yen", JSON, order("\"C1\"", "\"JPY\"", item("\"A\"", "1", "100.50")), 422),
                arguments("price with 2000 digits", JSON, order("\"C1\"", "\"USD\"", item("\"A\"", "1", "1" + "0".repeat(1999))), 422),
                arguments("total beyond the contract", JSON, order("\"C1\"", "\"USD\"", item("\"A\"", "10000", "999999999.99")), 422),
                arguments("empty sku", JSON, order("\"C1\"", "\"USD\"", item("\"\"", "1", "1.00")), 422),
                arguments("unknown item field", JSON, order("\"C1\"", "\"USD\"", "{\"sku\": \"A\", \"quantity\": 1, \"unit_price\": 1, \"discount\": 1}"), 422),
                arguments("unknown field", JSON, VALID.replace("{\"customer_id\"", "{\"note\": \"x\", \"customer_id\""), 422),
                arguments("mass assignment: id", JSON, VALID.replace("{\"customer_id\"", "{\"order_id\": \"MINE\", \"customer_id\""), 422),
                arguments("mass assignment: total", JSON, VALID.replace("{\"customer_id\"", "{\"total\": 0.01, \"customer_id\""), 422),
                arguments("mass assignment: status", JSON, VALID.replace("{\"customer_id\"", "{\"status\": \"SHIPPED\", \"customer_id\""), 422),
                arguments("mass assignment: version", JSON, VALID.replace("{\"customer_id\"", "{\"version\": 99, \"customer_id\""), 422),
                arguments("text/plain", MediaType.TEXT_PLAIN_VALUE, VALID, 415),
                arguments("oversized body", JSON, VALID.replace("{\"customer_id\"", "{\"pad\": \"" + "x".repeat(20_000) + "\", \"customer_id\""), 413));
    }

    static Stream<Arguments> badCartRequests() {
        return Stream.of(
                arguments("create: malformed JSON", "/create-order", "{\"orderId\": ", 400),
                arguments("create: missing orderId", "/create-order", "{\"itemsCount\": 3}", 400),
                arguments("create: orderId with spaces", "/create-order", "{\"orderId\": \"ORDER 1\", \"itemsCount\": 3}", 400),
                arguments("create: orderId as number", "/create-order", "{\"orderId\": 123, \"itemsCount\": 3}", 400),
                arguments("create: zero items", "/create-order", "{\"orderId\": \"BAD-0\", \"itemsCount\": 0}", 400),
                arguments("create: too many items", "/create-order", "{\"orderId\": \"BAD-1\", \"itemsCount\": 1000}", 400),
                arguments("create: itemsCount as string", "/create-order", "{\"orderId\": \"BAD-2\", \"itemsCount\": \"3\"}", 400),
                arguments("create: unknown field", "/create-order", "{\"orderId\": \"BAD-3\", \"itemsCount\": 3, \"total\": 1}", 400),
                arguments("create: null orderId", "/create-order", "{\"orderId\": null, \"itemsCount\": 3}", 400),
                arguments("create: itemsCount a fraction", "/create-order", "{\"orderId\": \"BAD-7\", \"itemsCount\": 2.5}", 400),
                arguments("update: unknown status", "/update-order", "{\"orderId\": \"BAD-4\", \"status\": \"lost\"}", 400),
                arguments("update: missing status", "/update-order", "{\"orderId\": \"BAD-5\"}", 400),
                arguments("update: status as number", "/update-order", "{\"orderId\": \"BAD-6\", \"status\": 2}", 400),
                arguments("update: empty body", "/update-order", "", 400));
    }

    @ParameterizedTest(name = "POST /orders, {0} -> {3}")
    @MethodSource("badOrders")
    void shouldAnswerAProblemAndWriteNothingForABadOrder(String name, String contentType, String body, int status) {
        assertProblemAndNothingWritten(HttpMethod.POST, "/orders", contentType, body, status);
    }

    @ParameterizedTest(name = "PUT /orders/ID, {0} -> {3}")
    @MethodSource("badOrders")
    void shouldAnswerAProblemAndChangeNothingForABadRevision(String name, String contentType, String body, int status) {
        String id = (String) placeOrder(VALID).get("order_id");
        awaitPublished(id);
        assertProblemAndNothingWritten(HttpMethod.PUT, "/orders/" + id, contentType, body, status);
        http.get().uri("/orders/{id}", id).exchange().expectHeader().valueEquals("ETag", "\"1\"");
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("badCartRequests")
    void shouldAnswerAProblemAndWriteNothingForABadCartRequest(String name, String uri, String body, int status) {
        HttpMethod method = uri.equals("/create-order") ? HttpMethod.POST : HttpMethod.PUT;
        assertProblemAndNothingWritten(method, uri, JSON, body, status);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrders")
    void shouldNameTheFieldOfEveryInvalidValue(String name, String contentType, String body, int status) {
        if (status != 422) {
            return;
        }
        http.post().uri("/orders").header("Content-Type", contentType).bodyValue(body).exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].field").isNotEmpty()
                .jsonPath("$.errors[0].message").isNotEmpty();
    }

    @org.junit.jupiter.api.Test
    void shouldSayThatServerOwnedFieldsAreReadOnly() {
        post("/orders", VALID.replace("{\"customer_id\"", "{\"total\": 0.01, \"customer_id\"")).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("total")
                .jsonPath("$.errors[0].message").isEqualTo("is read-only: the server sets it");
    }

    private void assertProblemAndNothingWritten(HttpMethod method, String uri, String contentType, String body,
                                                int status) {
        long rows = orderRows();
        long appends = outboxAppends();
        try (TopicProbe<OrderEvent> events = orderEvents()) {
            String problem = http.method(method).uri(uri)
                    .header("Content-Type", contentType)
                    .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                    .exchange()
                    .expectStatus().isEqualTo(status)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(String.class).returnResult().getResponseBody();

            assertThat(problem).contains("\"status\":" + status).contains("\"title\"").contains("\"detail\"")
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(orderRows()).isEqualTo(rows);
            assertThat(outboxAppends()).isEqualTo(appends);
            assertThat(events.recordsWrittenSinceStart()).isZero();
        }
    }

    private static String order(String customerId, String currency, String items) {
        return "{\"customer_id\": " + customerId + ", \"currency\": " + currency + ", \"items\": [" + items + "]}";
    }

    private static String item(String sku, String quantity, String unitPrice) {
        return "{\"sku\": " + sku + ", \"quantity\": " + quantity + ", \"unit_price\": " + unitPrice + "}";
    }
}
