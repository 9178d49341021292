package io.streamgate.payments;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.payments.Payment;
import io.streamgate.support.Bodies;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every kind of bad input gets its 4xx problem, never a 500 or a stack trace, and writes nothing to Kafka. */
class PaymentsBadInputTest extends EndToEndTest {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    static Stream<Arguments> badRequests() {
        return Stream.of(
                arguments("malformed JSON", JSON, utf8("{\"amount\": 99.99, \"currency\": \"USD\", \"customer_id\": }"), 400),
                arguments("truncated JSON", JSON, utf8("{\"amount\": 99.99, \"currency\": \"US"), 400),
                arguments("trailing garbage", JSON, utf8(valid() + " xyz"), 400),
                arguments("two objects", JSON, utf8(valid() + valid()), 400),
                arguments("duplicate key", JSON, utf8("{\"amount\": 1, \"amount\": 2, \"currency\": \"USD\", \"customer_id\": \"C1\"}"), 400),
                arguments("empty body", JSON, new byte[0], 400),
                arguments("invalid UTF-8", JSON, invalidUtf8(), 400),
                arguments("amount as string", JSON, utf8("{\"amount\": \"99.99\", \"currency\": \"USD\", \"customer_id\": \"C1\"}"), 422),
                arguments("amount as boolean", JSON, utf8("{\"amount\": true, \"currency\": \"USD\", \"customer_id\": \"C1\"}"), 422),
                arguments("customer id as number", JSON, utf8("{\"amount\": 1, \"currency\": \"USD\", \"customer_id\": 1234}"), 422),
                arguments("currency as object", JSON, utf8("{\"amount\": 1, \"currency\": {}, \"customer_id\": \"C1\"}"), 422),
                arguments("null amount", JSON, utf8("{\"amount\": null, \"currency\": \"USD\", \"customer_id\": \"C1\"}"), 422),
                arguments("missing customer id", JSON, utf8("{\"amount\": 1, \"currency\": \"USD\"}"), 422),
                arguments("unknown field", JSON, utf8("{\"amount\": 1, \"currency\": \"USD\", \"customer_id\": \"C1\", \"note\": \"x\"}"), 422),
                arguments("array instead of object", JSON, utf8("[]"), 422),
                arguments("zero amount", JSON, payment("0", "\"USD\"", "\"C1\""), 422),
                arguments("negative amount", JSON, payment("-5.00", "\"USD\"", "\"C1\""), 422),
                arguments("three decimals", JSON, payment("1.005", "\"USD\"", "\"C1\""), 422),
                arguments("decimals in a currency without minor units", JSON, payment("100.50", "\"JPY\"", "\"C1\""), 422),
                arguments("huge amount", JSON, payment("1e400", "\"USD\"", "\"C1\""), 422),
                arguments("number with 2000 digits", JSON, payment("1" + "0".repeat(1999), "\"USD\"", "\"C1\""), 422),
                arguments("lower-case currency", JSON, payment("1", "\"usd\"", "\"C1\""), 422),
                arguments("unknown currency", JSON, payment("1", "\"ZZZ\"", "\"C1\""), 422),
                arguments("empty customer id", JSON, payment("1", "\"USD\"", "\"\""), 422),
                arguments("customer id too long", JSON, payment("1", "\"USD\"", "\"" + "C".repeat(65) + "\""), 422),
                arguments("customer id with spaces", JSON, payment("1", "\"USD\"", "\"CUST 1\""), 422),
                arguments("text/plain", MediaType.TEXT_PLAIN_VALUE, utf8(valid()), 415),
                arguments("form encoded", MediaType.APPLICATION_FORM_URLENCODED_VALUE, utf8("amount=1"), 415),
                arguments("oversized body", JSON, utf8("{\"amount\": 1, \"currency\": \"USD\", \"customer_id\": \"C1\", \"pad\": \""
                        + "x".repeat(20_000) + "\"}"), 413));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("badRequests")
    void shouldAnswerAProblemAndWriteNothing(String name, String contentType, byte[] body, int status) {
        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS)) {
            String problem = http.post().uri("/payments")
                    .header("Content-Type", contentType)
                    .bodyValue(body)
                    .exchange()
                    .expectStatus().isEqualTo(status)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists("X-Request-ID")
                    .expectBody(String.class).returnResult().getResponseBody();

            assertThat(problem).contains("\"status\":" + status).contains("\"title\"").contains("\"detail\"")
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(payments.recordsWrittenSinceStart()).isZero();
        }
    }

    static Stream<Arguments> invalidValues() {
        return badRequests().filter(arguments -> (int) arguments.get()[3] == 422);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void shouldNameTheFieldOfEveryInvalidValue(String name, String contentType, byte[] body, int status) {
        http.post().uri("/payments").header("Content-Type", contentType).bodyValue(body).exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].field").isNotEmpty()
                .jsonPath("$.errors[0].message").isNotEmpty();
    }

    @org.junit.jupiter.api.Test
    void shouldRejectAnOversizedChunkedBodyWhileItStreams() {
        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS)) {
            DataBuffer chunk = DefaultDataBufferFactory.sharedInstance.wrap(utf8("{\"pad\": \"" + "x".repeat(8_000)));
            Flux<DataBuffer> body = Flux.just(chunk, DefaultDataBufferFactory.sharedInstance.wrap(utf8("y".repeat(9_000))),
                    DefaultDataBufferFactory.sharedInstance.wrap(utf8("\"}")));
            http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                    .body(BodyInserters.fromDataBuffers(body))
                    .exchange()
                    .expectStatus().isEqualTo(413)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(payments.recordsWrittenSinceStart()).isZero();
        }
    }

    @org.junit.jupiter.api.Test
    void shouldAnswerNotAcceptableToAClientThatTakesNoJsonAndPublishNothing() {
        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS)) {
            http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON).header("Accept", "text/html")
                    .bodyValue(valid()).exchange()
                    .expectStatus().isEqualTo(406)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

            assertThat(payments.recordsWrittenSinceStart()).isZero();
        }
        http.post().uri("/payments").header("Content-Type", "application/json; charset=UTF-8")
                .header("Accept", "text/html, application/*;q=0.5").bodyValue(valid()).exchange()
                .expectStatus().isCreated();
    }

    @org.junit.jupiter.api.Test
    void shouldAnswerProblemsForUnknownRoutesAndMethods() {
        http.get().uri("/no-such-route").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.put().uri("/payments").contentType(MediaType.APPLICATION_JSON).bodyValue(valid()).exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = http.post().uri("/payments/batch").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"not\": \"an array\"}").exchange()
                .expectStatus().isEqualTo(422)
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
        assertThat(problem).containsKey("errors");
    }

    private static String valid() {
        return "{\"amount\": 1, \"currency\": \"USD\", \"customer_id\": \"C1\"}";
    }

    private static byte[] payment(String amount, String currency, String customerId) {
        return utf8("{\"amount\": " + amount + ", \"currency\": " + currency + ", \"customer_id\": " + customerId + "}");
    }

    private static byte[] invalidUtf8() {
        byte[] start = utf8("{\"amount\": 1, \"currency\": \"USD\", \"customer_id\": \"C");
        byte[] end = utf8("\"}");
        byte[] body = new byte[start.length + 2 + end.length];
        System.arraycopy(start, 0, body, 0, start.length);
        body[start.length] = (byte) 0xC3;
        body[start.length + 1] = (byte) 0x28;
        System.arraycopy(end, 0, body, start.length + 2, end.length);
        return body;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
