package io.streamgate.platform.kafka;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KafkaAvailabilityTest {

    @Test
    void unreachableClusterIsReportedDownQuicklyByARealAdminClient() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        KafkaConnectionDetails connection = () -> List.of("127.0.0.1:" + port);
        StreamgateKafkaProperties settings = StreamgateKafkaProperties.defaults();
        try (KafkaAvailability availability = new KafkaAvailability(
                KafkaClientSettings.admin(new KafkaProperties(), connection, settings),
                Duration.ofMillis(200), Duration.ofMillis(500))) {
            availability.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> availability.state().lastError() != null
                    && !availability.state().lastError().equals("not probed yet"));
            assertThat(availability.isAvailable()).isFalse();

            Health health = new KafkaHealthIndicator(availability).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("bootstrapServers", "[127.0.0.1:" + port + "]")
                    .containsEntry("nodes", 0).containsKey("error");
        }
    }

    @Test
    void recoveryTasksRunWhenAvailableUntilTheySucceedAndAreReArmedOnRecovery() {
        try (KafkaAvailability availability = new KafkaAvailability(() -> null, "x:1",
                Duration.ofSeconds(1), Duration.ofSeconds(1)) {
            @Override
            public void probeNow() {
            }
        }) {
            AtomicInteger runs = new AtomicInteger();
            availability.addRecoveryTask("flaky", () -> runs.incrementAndGet() >= 2);
            assertThat(runs).hasValue(0); // not available: nothing runs

            availability.setAvailable(true, 3, "c", null);
            availability.runPendingTasks();
            await().untilAsserted(() -> assertThat(runs).hasValue(1));
            availability.runPendingTasks();
            await().untilAsserted(() -> assertThat(runs).hasValue(2));
            availability.runPendingTasks(); // done: not run again
            availability.markUnavailable(new RuntimeException("network"));
            assertThat(availability.isAvailable()).isFalse();

            availability.setAvailable(true, 3, "c", null); // came back: re-armed
            availability.runPendingTasks();
            await().untilAsserted(() -> assertThat(runs).hasValue(3));
            Health health = new KafkaHealthIndicator(availability).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("nodes", 3).containsEntry("clusterId", "c");
        }
    }
}
