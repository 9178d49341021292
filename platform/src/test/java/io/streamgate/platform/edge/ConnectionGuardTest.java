package io.streamgate.platform.edge;

import com.sun.management.UnixOperatingSystemMXBean;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.lang.management.ManagementFactory;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionGuardTest {

    private static ConnectionGuard guard(Map<String, String> properties) {
        HttpSettings settings = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("streamgate.http", HttpSettings.class);
        return new ConnectionGuard(settings, new SimpleMeterRegistry());
    }

    @Test
    void shouldKeepTheReservedFileDescriptorsFreeWhenTheCapIsNotSet() {
        long limit = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();

        assertThat(guard(Map.of()).maxConnections()).isEqualTo((int) Math.max(64, limit - 1024));
        assertThat(guard(Map.of("streamgate.http.reserved-file-descriptors", "4096")).maxConnections())
                .isEqualTo((int) Math.max(64, limit - 4096));
    }

    @Test
    void shouldTakeAnExplicitCapAsIs() {
        assertThat(guard(Map.of("streamgate.http.max-connections", "500")).maxConnections()).isEqualTo(500);
    }
}
