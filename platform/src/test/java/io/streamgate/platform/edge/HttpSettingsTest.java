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
        assertThat(settings.tls().bundle()).isEqualTo("edge");
        assertThat(settings.tls().port()).isEqualTo(8443);
        assertThat(settings.tls().required()).isFalse();
    }

    @Test
    void shouldPinHttpsForAYearOnlyWhenNoPlainHttpIsServedBesideIt() {
        assertThat(bind(Map.of()).tls().strictTransportSecurity()).isEqualTo("max-age=0");
        assertThat(bind(Map.of("streamgate.http.tls.required", "true")).tls().strictTransportSecurity())
                .isEqualTo("max-age=31536000");
        assertThat(bind(Map.of("streamgate.http.tls.hsts-max-age", "1h")).tls().strictTransportSecurity())
                .isEqualTo("max-age=3600");
        // HTTPS_PORT unset binds as empty: the default.
        assertThat(bind(Map.of("streamgate.http.tls.port", "")).tls().port()).isEqualTo(8443);
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
