package io.streamgate.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamgate.platform.avro.AvroAutoConfiguration;
import io.streamgate.platform.avro.SchemaRegistryProperties;
import io.streamgate.platform.avro.AvroSerializer;
import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.schemas.Topic;
import io.streamgate.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kafka side of the platform: {@link KafkaAvailability} (probe), {@link TopicProvisioner} (catalogue topics and
 * their dead-letter topics) and the shared-producer {@link EventPublisher}. Every bean that talks to Kafka takes
 * {@link KafkaConnectionDetails} as a dependency, so it is destroyed before whatever provides it (the dev stack's
 * broker): the producer is flushed while the broker still runs. Off with {@code streamgate.kafka.enabled=false}.
 */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, AvroAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "streamgate.kafka.enabled", matchIfMissing = true)
@EnableConfigurationProperties({StreamgateKafkaProperties.class, TopicsProperties.class})
public class KafkaPlatformAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KafkaAvailability kafkaAvailability(KafkaProperties kafkaProperties, KafkaConnectionDetails connection,
                                        StreamgateKafkaProperties settings) {
        KafkaAvailability availability = new KafkaAvailability(
                KafkaClientSettings.admin(kafkaProperties, connection, settings),
                settings.probeInterval(), settings.probeTimeout());
        availability.start();
        return availability;
    }

    @Bean
    @ConditionalOnMissingBean
    TopicProvisioner streamgateTopicProvisioner(KafkaAvailability availability, TopicsProperties topics) {
        List<String> names = new ArrayList<>();
        for (Topic<?, ?> topic : Topics.all()) {
            names.add(topic.name());
            names.add(Topics.deadLetterOf(topic.name()));
        }
        TopicProvisioner provisioner = new TopicProvisioner(availability::admin, topics, names,
                Duration.ofSeconds(5), Duration.ofSeconds(10));
        if (topics.provision()) {
            availability.addRecoveryTask("topics", provisioner);
        }
        return provisioner;
    }

    @Bean
    @ConditionalOnMissingBean
    KafkaClientStatus kafkaClientStatus(KafkaProperties kafkaProperties, KafkaConnectionDetails connection,
                                        StreamgateKafkaProperties settings, KafkaAvailability availability) {
        // The same pure function builds the shared producer's configuration below, so this describes that producer.
        return new KafkaClientStatusView(availability,
                KafkaClientSettings.producer(kafkaProperties, connection, settings));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(EventPublisher.class)
    KafkaEventPublisher eventPublisher(KafkaProperties kafkaProperties, KafkaConnectionDetails connection,
                                       StreamgateKafkaProperties settings, SchemaRegistryClient registry,
                                       SchemaRegistryProperties registryProperties, KafkaAvailability availability,
                                       TopicProvisioner provisioner, ObjectProvider<MeterRegistry> meterRegistry) {
        // provisioner is a parameter so its recovery task is registered (and runs) before the publisher's.
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KafkaClientSettings.producer(kafkaProperties, connection, settings));
        List<String> topicNames = Topics.all().stream().map(Topic::name).toList();
        return new KafkaEventPublisher(producer,
                new AvroSerializer<SpecificRecord>(registry, registryProperties.mode(), true),
                new AvroSerializer<SpecificRecord>(registry, registryProperties.mode(), false),
                availability, new ProduceMetrics(meterRegistry.getIfAvailable(), topicNames), Topics.all(), settings);
    }

    /** {@code kafka} in {@code /health} and readiness: the availability probe's last result, never a blocking call. */
    @Bean
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("kafka")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAvailability availability) {
        return new KafkaHealthIndicator(availability);
    }
}
