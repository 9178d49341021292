package io.streamgate.platform.health.internal;

import io.streamgate.platform.avro.internal.FakeSchemaRegistry;
import io.streamgate.platform.avro.internal.SchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SchemaRegistryHealthIndicatorTest {

    @Test
    void upWhileTheRegistryAnswersCachedAndDownWhenItDoesNot() throws Exception {
        FakeSchemaRegistry registry = new FakeSchemaRegistry();
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url());
        SchemaRegistryHealthIndicator indicator =
                new SchemaRegistryHealthIndicator(client, Duration.ofMillis(500), Duration.ofMillis(300));

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        for (int i = 0; i < 20; i++) {
            indicator.health();
        }
        assertThat(registry.requests()).containsExactly("GET /subjects");

        registry.close();
        // The UP result stays cached for its 300 ms TTL; after that the indicator asks again and finds nobody.
        await().atMost(Duration.ofSeconds(3)).until(() -> indicator.health().getStatus().equals(Status.DOWN));
        Health down = indicator.health();
        assertThat(down.getDetails()).containsKey("error").containsEntry("url", registry.url());
    }

    @Test
    void registry5xxIsDown() throws Exception {
        try (FakeSchemaRegistry registry = new FakeSchemaRegistry()) {
            registry.forceStatus(500);
            SchemaRegistryHealthIndicator indicator = new SchemaRegistryHealthIndicator(
                    new SchemaRegistryClient(registry.url()), Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        }
    }
}
