package io.streamgate.platform.outbox.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.platform.kafka.KafkaPlatformAutoConfiguration;
import io.streamgate.platform.outbox.Outbox;
import io.streamgate.schemas.Topics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The transactional outbox: {@link Outbox} for features, and the relay that publishes through the platform's
 * {@link EventPublisher}. Needs the DataSource (its table is in the platform's Flyway migrations) and the publisher.
 * Off with {@code streamgate.outbox.enabled=false}; the relay alone off with
 * {@code streamgate.outbox.relay-enabled=false} (appends are then published by other instances).
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, KafkaPlatformAutoConfiguration.class},
        afterName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnBooleanProperty(name = "streamgate.outbox.enabled", matchIfMissing = true)
@ConditionalOnBean({DataSource.class, EventPublisher.class})
@EnableConfigurationProperties(OutboxSettings.class)
public class OutboxAutoConfiguration {

    @Bean
    OutboxSchemas outboxSchemas(DataSource dataSource) {
        return new OutboxSchemas(new JdbcTemplate(dataSource));
    }

    @Bean
    OutboxCodec outboxCodec(OutboxSchemas schemas) {
        return new OutboxCodec(Topics.all(), schemas);
    }

    @Bean
    ShardLeases outboxShardLeases(DataSource dataSource, OutboxSettings settings) {
        return new ShardLeases(new JdbcTemplate(dataSource), instanceId(settings), settings);
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    OutboxSampler outboxSampler(DataSource dataSource, ShardLeases leases, ObjectProvider<MeterRegistry> registry) {
        OutboxMetrics metrics = new OutboxMetrics(registry.getIfAvailable(SimpleMeterRegistry::new),
                new JdbcTemplate(dataSource), () -> leases.owned().length);
        return new OutboxSampler(metrics);
    }

    @Bean
    @DependsOnDatabaseInitialization
    OutboxRelay outboxRelay(DataSource dataSource, EventPublisher publisher, OutboxCodec codec, ShardLeases leases,
                            OutboxSampler sampler, OutboxSettings settings) {
        return new OutboxRelay(new JdbcTemplate(dataSource), publisher, codec, leases, sampler.metrics(), settings);
    }

    @Bean
    @ConditionalOnMissingBean(Outbox.class)
    @DependsOnDatabaseInitialization
    Outbox outbox(DataSource dataSource, OutboxCodec codec, OutboxSchemas schemas, OutboxSettings settings,
                  OutboxRelay relay) {
        JdbcOutbox outbox = new JdbcOutbox(dataSource, codec, schemas, settings,
                settings.relayEnabled() ? relay::wake : () -> { });
        outbox.storeSchemas();
        return outbox;
    }

    @Bean
    @ConditionalOnEnabledHealthIndicator("outbox")
    OutboxHealthIndicator outboxHealthIndicator(OutboxSampler sampler, ShardLeases leases, OutboxSettings settings) {
        return new OutboxHealthIndicator(sampler.metrics(), leases, settings);
    }

    private static String instanceId(OutboxSettings settings) {
        if (settings.instanceId() != null && !settings.instanceId().isBlank()) {
            return settings.instanceId();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Samples the backlog gauges once a second on a thread of its own (a slow query never delays the relay). */
    static final class OutboxSampler implements AutoCloseable {

        private final OutboxMetrics metrics;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("streamgate-outbox-sampler").daemon(true).factory());

        OutboxSampler(OutboxMetrics metrics) {
            this.metrics = metrics;
            timer.scheduleWithFixedDelay(metrics::sample, 0, 1, TimeUnit.SECONDS);
        }

        OutboxMetrics metrics() {
            return metrics;
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
