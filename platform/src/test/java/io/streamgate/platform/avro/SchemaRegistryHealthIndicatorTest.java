package io.streamgate.platform.avro;

import io.streamgate.platform.health.SharedHealthIndicator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The registry's ping, run as the platform runs it: a shared check with a cache. */
class SchemaRegistryHealthIndicatorTest {

    private static HealthIndicator sharedPing(FakeSchemaRegistry registry, Duration ttl) {
        return new SharedHealthIndicator("schemaRegistry",
                new SchemaRegistryHealthIndicator(new SchemaRegistryClient(registry.url()), Duration.ofMillis(500)),
                ttl, Duration.ofSeconds(3));
    }

    @Test
    void upWhileTheRegistryAnswersCachedAndDownWhenItDoesNot() {
        FakeSchemaRegistry registry = newRegistry();
        HealthIndicator indicator = sharedPing(registry, Duration.ofMillis(300));

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
    void registry5xxIsDown() {
        try (FakeSchemaRegistry registry = newRegistry()) {
            registry.forceStatus(500);
            assertThat(sharedPing(registry, Duration.ofSeconds(1)).health().getStatus()).isEqualTo(Status.DOWN);
        }
    }

    @Test
    void shouldStayUpForOthersWhenACallerGivesUpWhileThePingIsInFlight() {
        try (FakeSchemaRegistry registry = newRegistry()) {
            HealthIndicator indicator = sharedPing(registry, Duration.ofSeconds(30));
            registry.hold();
            // As Boot's actuator endpoint calls a blocking indicator; a client that goes away disposes it, and
            // boundedElastic interrupts the thread.
            Disposable request = Mono.fromCallable(indicator::health).subscribeOn(Schedulers.boundedElastic())
                    .subscribe(health -> { }, failure -> { });
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.requests().size() == 1);

            request.dispose();
            registry.release();

            Health next = indicator.health();
            assertThat(next.getStatus()).as("%s", next).isEqualTo(Status.UP);
            assertThat(registry.requests()).containsExactly("GET /subjects");
        }
    }

    @Test
    void shouldAnswerDownToACallerWhoseWaitEndsWhileThePingGoesOn() {
        try (FakeSchemaRegistry registry = newRegistry()) {
            registry.hold();
            HealthIndicator indicator = new SharedHealthIndicator("schemaRegistry",
                    new SchemaRegistryHealthIndicator(new SchemaRegistryClient(registry.url()), Duration.ofSeconds(5)),
                    Duration.ofSeconds(30), Duration.ofMillis(100));

            Health impatient = indicator.health();
            registry.release();

            assertThat(impatient.getStatus()).isEqualTo(Status.DOWN);
            assertThat(impatient.getDetails().get("error").toString()).contains("did not finish within 100 ms");
            await().atMost(Duration.ofSeconds(5)).until(() -> indicator.health().getStatus().equals(Status.UP));
            assertThat(registry.requests()).containsExactly("GET /subjects");
        }
    }

    private static FakeSchemaRegistry newRegistry() {
        try {
            return new FakeSchemaRegistry();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
