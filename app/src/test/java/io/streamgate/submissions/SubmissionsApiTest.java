package io.streamgate.submissions;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.submissions.CodeSubmission;
import io.streamgate.schemas.submissions.SubmissionStatus;
import io.streamgate.support.Bodies;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed 004's routes over HTTP on the real stack: what a front end gets, and what lands in {@code code-execution}. */
class SubmissionsApiTest extends EndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    TopicProbe<CodeSubmission> submissions;

    @BeforeEach
    void openProbe() {
        submissions = probe(Topics.CODE_EXECUTION);
    }

    @AfterEach
    void closeProbe() {
        submissions.close();
    }

    @Test
    void shouldQueueTheSeedsExampleAsAvroKeyedByUserAndAnswerTheSeedsShapeAfterTheAck() {
        Instant before = Instant.now().minusMillis(1);
        var exchange = http.post().uri("/submit-code")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {
                          "code": "print('Hello, World!')",
                          "language": "python",
                          "input_data": "",
                          "user_id": "user123"
                        }""")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody(Bodies.JSON_OBJECT).returnResult();
        Map<String, Object> receipt = exchange.getResponseBody();

        assertThat(receipt).containsOnlyKeys("message", "request_id", "status", "timestamp")
                .containsEntry("message", "Code submitted successfully to processing queue")
                .containsEntry("status", "queued");
        String requestId = (String) receipt.get("request_id");
        assertThat(exchange.getResponseHeaders().getFirst("X-Request-ID")).isEqualTo(requestId);
        Instant timestamp = Instant.parse((String) receipt.get("timestamp"));
        assertThat(timestamp).isAfter(before).isBefore(Instant.now().plusMillis(1));

        ConsumerRecord<String, CodeSubmission> record =
                submissions.awaitRecord(r -> r.value().getRequestId().equals(requestId));
        assertThat(record.key()).isEqualTo("user123");
        CodeSubmission submission = record.value();
        assertThat(submission.getCode()).isEqualTo("print('Hello, World!')");
        assertThat(submission.getLanguage()).isEqualTo("python");
        assertThat(submission.getInputData()).isEmpty();
        assertThat(submission.getUserId()).isEqualTo("user123");
        assertThat(submission.getTimestamp()).isEqualTo(timestamp);
        assertThat(submission.getStatus()).isEqualTo(SubmissionStatus.submitted);
        assertThat(header(record, "X-Request-ID")).isEqualTo(requestId);
        assertThat(record.headers().lastHeader("X-Client-Request-ID")).isNull();
    }

    @Test
    void shouldAssignAUniqueRequestIdEvenWhenTheClientSendsTheSameXRequestIdTwice() {
        String clientId = "front-end-constant";
        String first = submit("{\"code\": \"1\", \"language\": \"go\", \"user_id\": \"twice\"}", clientId);
        String second = submit("{\"code\": \"2\", \"language\": \"go\", \"user_id\": \"twice\"}", clientId);

        assertThat(first).isNotEqualTo(second).isNotEqualTo(clientId);
        assertThat(UUID.fromString(first)).isNotNull();
        ConsumerRecord<String, CodeSubmission> one = submissions.awaitRecord(r -> r.value().getRequestId().equals(first));
        ConsumerRecord<String, CodeSubmission> two = submissions.awaitRecord(r -> r.value().getRequestId().equals(second));
        assertThat(header(one, "X-Client-Request-ID")).isEqualTo(clientId);
        assertThat(header(two, "X-Client-Request-ID")).isEqualTo(clientId);
        assertThat(one.value().getCode()).isEqualTo("1");
        assertThat(two.value().getCode()).isEqualTo("2");
        // Same key, same partition, in the order they were acknowledged: one user's submissions stay in order.
        assertThat(one.partition()).isEqualTo(two.partition());
        assertThat(one.offset()).isLessThan(two.offset());
    }

    @Test
    void shouldAcceptCodeAndInputAtTheirConfiguredLimitsEvenWhenJsonEscapingDoublesThem() {
        String line = "print(\"x\")\t\\n\n";
        String code = line.repeat(64 * 1024 / line.length());
        code = code + "#".repeat(64 * 1024 - code.length());
        String input = "\"\n".repeat(32 * 1024);
        assertThat(code.getBytes(StandardCharsets.UTF_8)).hasSize(64 * 1024);
        assertThat(input.getBytes(StandardCharsets.UTF_8)).hasSize(64 * 1024);
        String body = JSON.writeValueAsString(Map.of("code", code, "language", "python", "input_data", input,
                "user_id", "big"));
        assertThat(body.length()).isGreaterThan(200 * 1024);

        String requestId = submit(body, null);

        CodeSubmission submission = submissions.awaitRecord(r -> r.value().getRequestId().equals(requestId)).value();
        assertThat(submission.getCode()).isEqualTo(code);
        assertThat(submission.getInputData()).isEqualTo(input);
    }

    @Test
    void shouldTreatMissingInputAsEmptyAndKeepUnicodeIntact() {
        String code = "fmt.Println(\"héllo, 世界 🚀\")";
        String requestId = submit(JSON.writeValueAsString(Map.of("code", code, "language", "go",
                "user_id", "unicode")), null);

        CodeSubmission submission = submissions.awaitRecord(r -> r.value().getRequestId().equals(requestId)).value();
        assertThat(submission.getCode()).isEqualTo(code);
        assertThat(submission.getInputData()).isEmpty();
    }

    @Test
    void shouldListTheSeedsSixLanguagesInTheSeedsShape() {
        Map<String, Object> body = http.get().uri("/supported-languages").exchange()
                .expectStatus().isOk()
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();

        assertThat(body).containsOnlyKeys("languages");
        assertThat(body.get("languages")).isEqualTo(List.of(
                Map.of("name", "Python", "value", "python", "extension", ".py"),
                Map.of("name", "JavaScript", "value", "javascript", "extension", ".js"),
                Map.of("name", "Java", "value", "java", "extension", ".java"),
                Map.of("name", "C++", "value", "cpp", "extension", ".cpp"),
                Map.of("name", "Go", "value", "go", "extension", ".go"),
                Map.of("name", "Rust", "value", "rust", "extension", ".rs")));
    }

    @Test
    void shouldReportTheKafkaConnectionAndTheProducerSettingsThatDecideDelivery() {
        http.get().uri("/kafka-status").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("connected")
                .jsonPath("$.bootstrap_servers").isEqualTo(List.copyOf(kafka.getBootstrapServers()))
                .jsonPath("$.topic").isEqualTo("code-execution")
                .jsonPath("$.producer_config.acks").isEqualTo("all")
                .jsonPath("$.producer_config.enable_idempotence").isEqualTo(true)
                .jsonPath("$.producer_config.retries").isEqualTo(Integer.MAX_VALUE)
                .jsonPath("$.producer_config.delivery_timeout_ms").isEqualTo(30000)
                .jsonPath("$.producer_config.request_timeout_ms").isEqualTo(1500)
                .jsonPath("$.producer_config.max_in_flight_requests_per_connection").isEqualTo(5)
                .jsonPath("$.producer_config.security_protocol").isEqualTo("PLAINTEXT")
                .jsonPath("$.producer_config.client_version").isEqualTo(
                        org.apache.kafka.common.utils.AppInfoParser.getVersion())
                .jsonPath("$.producer_config.api_version").isNotEmpty()
                .jsonPath("$.brokers").isEqualTo(1)
                .jsonPath("$.error").doesNotExist();
    }

    @Test
    void shouldAnswerHealthInTheSeedsShapeWithThePlatformsDetail() {
        http.get().uri("/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("healthy")
                .jsonPath("$.message").isEqualTo("Streamgate and its Kafka connection are working")
                .jsonPath("$.kafka_broker").isEqualTo(bootstrapServers())
                .jsonPath("$.kafka_topic").isEqualTo("code-execution")
                .jsonPath("$.kafka").isEqualTo("connected")
                .jsonPath("$.schema_registry").isEqualTo("up")
                .jsonPath("$.postgres").isEqualTo("up")
                .jsonPath("$.details.kafka.nodes").isEqualTo(1);
    }

    @Test
    void shouldServeTheSubmissionPage() {
        http.get().uri("/submissions").exchange()
                .expectStatus().isFound()
                .expectHeader().valueEquals("Location", "/submissions/index.html");
        String page = http.get().uri("/submissions/index.html").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("<form id=\"submission\"").contains("submit.js");
        http.get().uri("/submissions/submit.js").exchange().expectStatus().isOk()
                .expectBody(String.class).value(script -> assertThat(script).contains("/submit-code"));
    }

    @Test
    void shouldDescribeTheRoutesInOpenApi() {
        // The first description is generated on demand, which takes seconds on a loaded machine.
        http.mutate().responseTimeout(Duration.ofSeconds(60)).build()
                .get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/submit-code'].post").exists()
                .jsonPath("$.paths['/supported-languages'].get").exists()
                .jsonPath("$.paths['/kafka-status'].get").exists();
    }

    private String submit(String body, String clientRequestId) {
        var request = http.post().uri("/submit-code").contentType(MediaType.APPLICATION_JSON);
        if (clientRequestId != null) {
            request = request.header("X-Request-ID", clientRequestId);
        }
        var result = request.bodyValue(body).exchange()
                .expectStatus().isOk()
                .expectBody(Bodies.JSON_OBJECT).returnResult();
        String requestId = (String) result.getResponseBody().get("request_id");
        assertThat(result.getResponseHeaders().getFirst("X-Request-ID")).isEqualTo(requestId);
        return requestId;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
