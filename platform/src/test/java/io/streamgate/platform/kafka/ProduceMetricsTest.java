package io.streamgate.platform.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProduceMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldRegisterEveryMeterOfTheCatalogueTopicsUpFrontAtZero() {
        new ProduceMetrics(registry, List.of("payments"));

        for (PublishException.Kind kind : PublishException.Kind.values()) {
            assertThat(registry.get(ProduceMetrics.ERRORS).tags("topic", "payments", "kind", kind.name()).counter()
                    .count()).isZero();
        }
        assertThat(registry.get(ProduceMetrics.LATENCY).tags("topic", "payments", "outcome", "success").timer()
                .count()).isZero();
    }

    @Test
    void shouldRecordLatencyByOutcomeAndErrorsByKind() {
        ProduceMetrics metrics = new ProduceMetrics(registry, List.of("payments"));
        long start = System.nanoTime();

        metrics.forTopic("payments").success(start);
        metrics.forTopic("payments").success(start);
        metrics.forTopic("payments").failure(start, PublishException.Kind.BUFFER_FULL);
        metrics.forTopic("orders").failure(start, PublishException.Kind.TIMEOUT);

        assertThat(registry.get(ProduceMetrics.LATENCY).tags("topic", "payments", "outcome", "success").timer()
                .count()).isEqualTo(2);
        assertThat(registry.get(ProduceMetrics.LATENCY).tags("topic", "payments", "outcome", "failure").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get(ProduceMetrics.ERRORS).tags("topic", "payments", "kind", "BUFFER_FULL").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get(ProduceMetrics.ERRORS).tags("topic", "payments", "kind", "TIMEOUT").counter()
                .count()).isZero();
        // A topic outside the catalogue gets its meters on first use.
        assertThat(registry.get(ProduceMetrics.ERRORS).tags("topic", "orders", "kind", "TIMEOUT").counter()
                .count()).isEqualTo(1);
    }
}
