package io.streamgate.platform.consumer.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.platform.consumer.internal.ConsumerSettings;
import io.streamgate.platform.consumer.EventSubscription;
import io.streamgate.platform.kafka.KafkaAvailability;
import io.streamgate.platform.kafka.KafkaClientSettings;
import io.streamgate.platform.kafka.KafkaPlatformAutoConfiguration;
import io.streamgate.platform.kafka.StreamgateKafkaProperties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

/**
 * The consumer side: one container per {@link EventSubscription} bean, and the {@code consumers} health indicator
 * (present, and UP, when there are no subscriptions). Off with {@code streamgate.kafka.enabled=false}.
 */
@AutoConfiguration(after = {KafkaPlatformAutoConfiguration.class, DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "streamgate.kafka.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ConsumerSettings.class)
public class ConsumerAutoConfiguration {

    @Bean
    EventConsumers streamgateEventConsumers(ObjectProvider<EventSubscription<?>> subscriptions,
                                            KafkaProperties kafkaProperties, KafkaConnectionDetails connection,
                                            StreamgateKafkaProperties kafkaSettings, SchemaRegistryClient registry,
                                            KafkaAvailability availability, ObjectProvider<DataSource> dataSource,
                                            ObjectProvider<PlatformTransactionManager> transactionManager,
                                            ObjectProvider<MeterRegistry> meters, ConsumerSettings settings) {
        List<EventSubscription<?>> all = subscriptions.orderedStream().toList();
        DataSource database = dataSource.getIfAvailable();
        if (!all.isEmpty() && database == null) {
            throw new IllegalStateException("Consumers " + all.stream().map(EventSubscription::group).toList()
                    + " need a database for their applied event ids; configure spring.datasource.*");
        }
        ProcessedEvents processed = database == null ? null : new ProcessedEvents(new JdbcTemplate(database));
        TransactionTemplate transactions = database == null ? null : new TransactionTemplate(
                transactionManager.getIfAvailable(() -> new JdbcTransactionManager(database)));
        Map<String, Object> consumerConfig = KafkaClientSettings.consumer(kafkaProperties, connection, "unused");
        Map<String, Object> producerConfig = new java.util.HashMap<>(
                KafkaClientSettings.producer(kafkaProperties, connection, kafkaSettings));
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "streamgate-dead-letters");
        DefaultKafkaProducerFactory<byte[], byte[]> deadLetters = new DefaultKafkaProducerFactory<>(producerConfig);
        return new EventConsumers(all, consumerConfig, deadLetters, registry, availability, processed, transactions,
                meters.getIfAvailable(SimpleMeterRegistry::new), settings);
    }

    @Bean
    @ConditionalOnEnabledHealthIndicator("consumers")
    ConsumersHealthIndicator consumersHealthIndicator(EventConsumers consumers, ConsumerSettings settings) {
        return new ConsumersHealthIndicator(consumers, settings.stuckAfter(), settings.assignmentGrace());
    }
}
