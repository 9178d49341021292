package io.streamgate.platform.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamgate.platform.kafka.KafkaPlatformAutoConfiguration;
import io.streamgate.platform.kafka.TopicProvisioner;
import io.streamgate.platform.kafka.TopicsProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;

/**
 * Kafka Streams support: {@link StreamsApplications} for features and the {@code streams} health indicator. Applications
 * start once the topic provisioner has created the catalogue's topics (or at once when provisioning is off: topics
 * are then managed elsewhere).
 */
@AutoConfiguration(after = KafkaPlatformAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "streamgate.kafka.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StreamsProperties.class)
public class StreamsAutoConfiguration {

    @Bean
    StreamsApplications streamsApplications(KafkaProperties kafkaProperties, KafkaConnectionDetails connection,
                                            StreamsProperties settings, TopicProvisioner provisioner,
                                            TopicsProperties topics, ObjectProvider<MeterRegistry> meterRegistry) {
        return new StreamsApplications(kafkaProperties, connection, settings,
                topics.provision() ? provisioner::isDone : () -> true, meterRegistry.getIfAvailable());
    }

    @Bean("streams")
    KafkaStreamsHealthIndicator streamsHealthIndicator(ObjectProvider<ManagedKafkaStreams> applications) {
        return new KafkaStreamsHealthIndicator(applications);
    }
}
