package io.streamgate.submissions;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.submissions.CodeSubmission;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.SecondApplication;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /kafka-status} and {@code /health} on applications configured with a SASL password: it never shows, whether
 * Kafka is up or unreachable; and while Kafka is unreachable a submission is a quick 503 with {@code Retry-After}, not
 * the seed's 500.
 */
class SubmissionsKafkaStatusTest extends EndToEndTest {

    private static final String SECRET = "pw-7f3a9c1e-never-shown";
    /** Ignored by the client on the stack's PLAINTEXT listener, but part of the producer's configuration all the same. */
    private static final String JAAS = "--spring.kafka.producer.properties.sasl.jaas.config="
            + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"streamgate\" password=\""
            + SECRET + "\";";
    private static final String SUBMISSION = "{\"code\": \"print(1)\", \"language\": \"python\", \"user_id\": \"status\"}";

    @Test
    void shouldNeverShowTheConfiguredSaslPasswordWhileConnected() {
        try (ConfigurableApplicationContext app = SecondApplication.start(JAAS, "--spring.kafka.producer.properties.sasl.mechanism=PLAIN")) {
            WebTestClient client = SecondApplication.clientOf(app);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> client.get().uri("/kafka-status").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("connected"));
            try (TopicProbe<CodeSubmission> submissions = probe(Topics.CODE_EXECUTION)) {
                String requestId = client.post().uri("/submit-code").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(SUBMISSION).exchange()
                        .expectStatus().isOk()
                        .expectHeader().value("X-Request-ID", id -> assertThat(id).isNotBlank())
                        .returnResult(String.class).getResponseHeaders().getFirst("X-Request-ID");
                submissions.awaitRecord(r -> r.value().getRequestId().equals(requestId));
            }

            assertThat(body(client, "/kafka-status")).contains("\"acks\":\"all\"").doesNotContain(SECRET)
                    .doesNotContain("jaas");
            assertThat(body(client, "/health")).contains("\"status\":\"healthy\"").doesNotContain(SECRET);
        }
    }

    @Test
    void shouldAnswer503WithRetryAfterAndReportTheOutageWhileKafkaIsUnreachable() throws IOException {
        String deadBroker = "127.0.0.1:" + closedPort();
        try (TopicProbe<CodeSubmission> submissions = probe(Topics.CODE_EXECUTION);
             ConfigurableApplicationContext app = SecondApplication.start(JAAS,
                     "--spring.kafka.bootstrap-servers=" + deadBroker)) {
            WebTestClient client = SecondApplication.clientOf(app);

            long started = System.nanoTime();
            client.post().uri("/submit-code").contentType(MediaType.APPLICATION_JSON).bodyValue(SUBMISSION).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists("Retry-After")
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

            client.get().uri("/kafka-status").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("disconnected")
                    .jsonPath("$.bootstrap_servers[0]").isEqualTo(deadBroker)
                    .jsonPath("$.topic").isEqualTo("code-execution");
            client.get().uri("/health").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("unhealthy")
                    .jsonPath("$.kafka").isEqualTo("disconnected")
                    .jsonPath("$.kafka_broker").isEqualTo(deadBroker)
                    .jsonPath("$.message").value(message -> assertThat((String) message).contains("unreachable"));
            assertThat(body(client, "/kafka-status")).doesNotContain(SECRET);
            assertThat(body(client, "/health")).doesNotContain(SECRET);
            assertThat(submissions.recordsWrittenSinceStart()).isZero();
        }
    }

    private static String body(WebTestClient client, String route) {
        byte[] body = client.get().uri(route).exchange().expectBody().returnResult().getResponseBodyContent();
        return new String(body, StandardCharsets.UTF_8);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
