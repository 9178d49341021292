package io.streamgate.platform.edge;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpSettingsTest {

    private static HttpSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("streamgate.http", HttpSettings.class);
    }

    @Test
    void shouldTakeEveryDefaultFromTheRecordItself() {
        HttpSettings settings = bind(Map.of());

        assertThat(RouteTable.of(settings).bodyLimit("/payments")).isEqualTo(16 * 1024);
        assertThat(settings.rateLimit().capacity()).isEqualTo(2000);
        assertThat(settings.rateLimit().refillPerSecond()).isEqualTo(1000d);
        assertThat(settings.requestHeadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(75));
        assertThat(settings.bodyReadTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxConnections()).isNull();
        assertThat(settings.reservedFileDescriptors()).isEqualTo(1024);
    }

    @Test
    void shouldFallBackToTheDefaultWhenAnEnvironmentVariableIsUnset() {
        // application.yml maps RATE_LIMIT_BURST as ${RATE_LIMIT_BURST:}: unset, the property is empty.
        HttpSettings settings = bind(Map.of("streamgate.http.rate-limit.capacity", "",
                "streamgate.http.rate-limit.refill-per-second", ""));

        assertThat(settings.rateLimit().capacity()).isEqualTo(2000);
        assertThat(settings.rateLimit().refillPerSecond()).isEqualTo(1000d);
    }

    @Test
    void shouldApplyAPerPathLimitOverTheGeneralOne() {
        HttpSettings settings = bind(Map.of("streamgate.http.body-limits.[/payments/batch]", "1MB"));

        assertThat(RouteTable.of(settings).bodyLimit("/payments/batch")).isEqualTo(1024 * 1024);
        assertThat(RouteTable.of(settings).bodyLimit("/payments")).isEqualTo(16 * 1024);
    }
}
