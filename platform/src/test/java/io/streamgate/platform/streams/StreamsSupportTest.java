package io.streamgate.platform.streams;

import io.streamgate.platform.streams.internal.DeserializationFailures;
import io.streamgate.platform.streams.internal.ProcessingFailures;
import io.streamgate.platform.streams.internal.ProductionFailures;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class StreamsSupportTest {

    private static final KafkaConnectionDetails CONNECTION = () -> List.of("127.0.0.1:19999");
    private static final StreamsProperties SETTINGS = new StreamsProperties(Path.of("data/kafka-streams"),
            Duration.ofMillis(100), 2, (short) 3, Duration.ofSeconds(5));

    @Test
    void shouldBuildExactlyOnceSettingsFromThePlatformsKafkaSettings() {
        KafkaProperties kafka = new KafkaProperties();
        kafka.getStreams().getProperties().put("session.timeout.ms", "6000");
        kafka.getStreams().getProperties().put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);

        Properties config = KafkaStreamsSettings.of(kafka, CONNECTION, SETTINGS, "app-1", "app-1.DLT");

        assertThat(config)
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19999")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "app-1")
                .as("exactly once is enforced, not a default")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L)
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, Path.of("data/kafka-streams").toAbsolutePath().toString())
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
                .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "app-1.DLT")
                .as("only poison is dead-lettered; every other failure fails the task")
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeserializationFailures.class)
                .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailures.class)
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionFailures.class)
                .containsEntry("session.timeout.ms", "6000");
        assertThat(StreamsApplications.enforcedSettings("app-1", "app-1.DLT"))
                .as("what a TopologyTestDriver test runs with is what production enforces")
                .allSatisfy((key, value) -> assertThat(config).containsEntry(key, value));
    }

    @Test
    void shouldReportNotReadyWhileAnApplicationIsNotRunningAndReadyWithNone() {
        ManagedKafkaStreams waitingForTopics = new StreamsApplications(new KafkaProperties(), CONNECTION, SETTINGS,
                () -> false, null).create("app-2", builder -> builder.stream("in").to("out"), "app-2.DLT");
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("app2", waitingForTopics));
        waitingForTopics.start();
        try {
            var health = new KafkaStreamsHealthIndicator(beans.getBeanProvider(ManagedKafkaStreams.class)).health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("app-2", KafkaStreams.State.CREATED.name());
        } finally {
            waitingForTopics.stop();
        }
        assertThat(new KafkaStreamsHealthIndicator(new StaticListableBeanFactory()
                .getBeanProvider(ManagedKafkaStreams.class)).health().getStatus()).isEqualTo(Status.UP);
    }
}
