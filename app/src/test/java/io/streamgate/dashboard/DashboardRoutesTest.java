package io.streamgate.dashboard;

import io.streamgate.platform.edge.AdditionalPort;
import io.streamgate.support.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /dashboard/} and {@code /dashboard/stream} on both listeners of the running application: the page and its
 * chart library are served, and the stream's samples follow the requests the application answers, per system.
 */
class DashboardRoutesTest extends EndToEndTest {

    private static final String PAYMENT = "{\"amount\": 12.5, \"currency\": \"EUR\", \"customer_id\": \"DASH-1\"}";

    @Autowired
    AdditionalPort orderDetailsPort;

    private WebTestClient onOrderDetailsPort() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + orderDetailsPort.port())
                .responseTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void shouldServeThePageItsScriptAndItsChartLibraryOnBothListeners() {
        for (WebTestClient client : List.of(http, onOrderDetailsPort())) {
            client.get().uri("/dashboard").exchange().expectStatus().isFound()
                    .expectHeader().valueEquals("Location", "/dashboard/");
            String page = client.get().uri("/dashboard/").exchange().expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(page).contains("<script src=\"dashboard.js\"", "<script src=\"lib/uPlot.iife.min.js\"");
            client.get().uri("/dashboard/dashboard.js").exchange().expectStatus().isOk()
                    .expectBody(String.class).value(script -> assertThat(script).contains("new EventSource('stream')"));
            client.get().uri("/dashboard/lib/uPlot.iife.min.js").exchange().expectStatus().isOk()
                    .expectBody(String.class).value(library -> assertThat(library).contains("uPlot"));
            client.get().uri("/dashboard/lib/uPlot.min.css").exchange().expectStatus().isOk();
            client.get().uri("/dashboard/no-such-file.js").exchange().expectStatus().isNotFound();
        }
    }

    @Test
    void shouldStreamSamplesThatFollowTheRequestsEachSystemAnswers() {
        List<Map<String, Object>> samples = new CopyOnWriteArrayList<>();
        AtomicReference<Object> ended = new AtomicReference<>();
        Disposable stream = WebClient.create("http://127.0.0.1:" + orderDetailsPort.port()).get()
                .uri("/dashboard/stream").accept(MediaType.TEXT_EVENT_STREAM).retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
                })
                .subscribe(event -> {
                    assertThat(event.event()).isEqualTo("sample");
                    samples.add(event.data());
                }, ended::set, () -> ended.set("completed"));
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(samples)
                    .as("samples; the stream ended: %s", ended.get()).hasSizeGreaterThanOrEqualTo(2));
            long before = paymentsRequests(samples.getLast());

            for (int i = 0; i < 12; i++) {
                http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON).bodyValue(PAYMENT).exchange()
                        .expectStatus().isCreated();
            }
            http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                    .expectStatus().isEqualTo(422);

            await().atMost(Duration.ofSeconds(30)).until(() -> paymentsRequests(samples.getLast()) >= before + 13);
            Map<String, Object> last = samples.getLast();
            assertThat(last).containsKeys("time", "interval_seconds", "systems", "other_routes", "produce", "outbox",
                    "consumers", "edge", "health");
            assertThat(samples).anySatisfy(sample -> {
                Map<String, Object> rates = rates(system(sample, "payments").orElseThrow());
                assertThat((Double) rates.get("2xx")).isPositive();
            });
            assertThat(samples).anySatisfy(sample -> assertThat((Double) rates(system(sample, "payments")
                    .orElseThrow()).get("4xx")).isPositive());
            assertThat(list(last, "produce")).anySatisfy(topic -> {
                assertThat(topic).containsEntry("topic", "payments");
                assertThat(((Number) topic.get("acknowledged")).longValue()).isGreaterThanOrEqualTo(12);
            });
            assertThat(list(last, "systems")).extracting(system -> system.get("name"))
                    .contains("payments", "orders", "orderdetails", "submissions", "trips");
            @SuppressWarnings("unchecked")
            Map<String, Object> health = (Map<String, Object>) last.get("health");
            assertThat(health).containsEntry("kafka", "UP").containsEntry("schema_registry", "UP")
                    .containsEntry("postgres", "UP");
        } finally {
            stream.dispose();
        }
    }

    private static long paymentsRequests(Map<String, Object> sample) {
        return system(sample, "payments").map(payments -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> http = (Map<String, Object>) payments.get("http");
            return ((Number) http.get("requests")).longValue();
        }).orElse(0L);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rates(Map<String, Object> system) {
        return (Map<String, Object>) ((Map<String, Object>) system.get("http")).get("requests_per_second");
    }

    private static Optional<Map<String, Object>> system(Map<String, Object> sample, String name) {
        return list(sample, "systems").stream().filter(system -> name.equals(system.get("name"))).findFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> sample, String field) {
        return (List<Map<String, Object>>) sample.get(field);
    }
}
