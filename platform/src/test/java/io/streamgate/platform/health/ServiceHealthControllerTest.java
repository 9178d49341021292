package io.streamgate.platform.health;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** {@code GET /health}: one line per dependency, 503 as soon as one is down. */
class ServiceHealthControllerTest {

    private static ResponseEntity<Map<String, Object>> healthWith(Map<String, Health> results) {
        Map<String, HealthIndicator> indicators = new HashMap<>();
        results.forEach((name, health) -> indicators.put(name, () -> health));
        return controllerWith(indicators).health().block();
    }

    private static ServiceHealthController controllerWith(Map<String, HealthIndicator> indicators) {
        HealthContributorRegistry registry = mock(HealthContributorRegistry.class);
        when(registry.getContributor(anyString())).thenReturn(null);
        indicators.forEach((name, indicator) -> when(registry.getContributor(name)).thenReturn(indicator));
        @SuppressWarnings("unchecked")
        ObjectProvider<HealthContributorRegistry> provider = mock(ObjectProvider.class);
        when(provider.getIfAvailable()).thenReturn(registry);
        @SuppressWarnings("unchecked")
        ObjectProvider<ServiceHealthFields> noSystemFields = mock(ObjectProvider.class);
        when(noSystemFields.orderedStream()).thenAnswer(invocation -> java.util.stream.Stream.empty());
        return new ServiceHealthController(provider, noSystemFields);
    }

    @Test
    void shouldAnswer200HealthyWhenEveryDependencyIsUp() {
        ResponseEntity<Map<String, Object>> response = healthWith(Map.of(
                "kafka", Health.up().withDetail("nodes", 1).build(),
                "schemaRegistry", Health.up().build(),
                "db", Health.up().build()));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).containsEntry("status", "healthy").containsEntry("kafka", "connected")
                .containsEntry("schema_registry", "up").containsEntry("postgres", "up");
        assertThat(response.getBody().get("details")).isEqualTo(Map.of("kafka", Map.of("nodes", 1)));
    }

    @Test
    void shouldAnswer503UnhealthyNamingTheDependencyThatIsDown() {
        ResponseEntity<Map<String, Object>> response = healthWith(Map.of(
                "kafka", Health.down().withDetail("error", "connection refused").build(),
                "schemaRegistry", Health.up().build(),
                "db", Health.down().build()));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getBody()).containsEntry("status", "unhealthy").containsEntry("kafka", "disconnected")
                .containsEntry("schema_registry", "up").containsEntry("postgres", "down");
    }

    @Test
    void shouldLeaveOutADependencyThisServiceDoesNotHave() {
        ResponseEntity<Map<String, Object>> response = healthWith(Map.of("db", Health.up().build()));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).containsEntry("postgres", "up").doesNotContainKeys("kafka", "schema_registry");
    }

    @Test
    void shouldNeverInterruptAnIndicatorWhenTheClientGoesAway() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        HealthIndicator slowDatabase = () -> {
            started.set(true);
            try {
                release.await(10, TimeUnit.SECONDS);
                return Health.up().build();
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
                return Health.down().withDetail("error", "Interrupted during connection acquisition").build();
            }
        };
        ServiceHealthController controller = controllerWith(Map.of("db", slowDatabase));
        Disposable request = controller.health().subscribe(response -> { }, failure -> { });
        await().atMost(Duration.ofSeconds(5)).untilTrue(started);

        request.dispose();
        release.countDown();

        ResponseEntity<Map<String, Object>> next = controller.health().block(Duration.ofSeconds(10));
        assertThat(interrupted).isFalse();
        assertThat(next.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(next.getBody()).containsEntry("postgres", "up");
    }
}
