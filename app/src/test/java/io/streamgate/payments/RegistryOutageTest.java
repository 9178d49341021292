package io.streamgate.payments;

import io.streamgate.devstack.DevStack;
import io.streamgate.support.EndToEndTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** The registry is stopped under the running app: schemas already cached keep payments flowing. */
class RegistryOutageTest extends EndToEndTest {

    private static final String BODY = "{\"amount\": 3, \"currency\": \"USD\", \"customer_id\": \"REGISTRY-1\"}";

    @AfterEach
    void registryRunsAgain() {
        if (!DevStack.shared().registry().isRunning()) {
            DevStack.shared().registry().start();
        }
    }

    @Test
    void shouldKeepPublishingWithCachedSchemasWhileTheRegistryIsDown() {
        post().expectStatus().isCreated();

        DevStack.shared().registry().stop();

        post().expectStatus().isCreated();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/health").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.schema_registry").isEqualTo("down").jsonPath("$.kafka").isEqualTo("connected"));
        // Readiness does not depend on the registry: with cached schemas the service still works.
        http.get().uri("/readyz").exchange().expectStatus().isOk();

        DevStack.shared().registry().start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                http.get().uri("/health").exchange().expectStatus().isOk());
    }

    private WebTestClient.ResponseSpec post() {
        return http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON).bodyValue(BODY).exchange();
    }
}
