package io.streamgate.platform.consumer.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamgate.platform.avro.AvroDeserializer;
import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.platform.consumer.internal.ConsumerSettings;
import io.streamgate.platform.consumer.EventSubscription;
import io.streamgate.platform.database.PeriodicSweep;
import io.streamgate.platform.kafka.KafkaAvailability;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.KafkaException;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one listener container per {@link EventSubscription}, plus a monitor thread that reads lag (for the gauges and
 * health) and a sweep of old applied event ids. Starts late and stops early (the containers' phase), so handlers never run
 * before the application is ready or after its database and broker connections are gone.
 */
final class EventConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventConsumers.class);

    private final List<SubscriptionRuntime> runtimes = new ArrayList<>();
    private final KafkaAvailability availability;
    private final ProcessedEvents processed;
    private final ConsumerSettings settings;
    private final DefaultKafkaProducerFactory<byte[], byte[]> deadLetterProducer;
    private ScheduledExecutorService monitor;
    private PeriodicSweep sweep;
    private volatile boolean running;

    EventConsumers(List<EventSubscription<?>> subscriptions, Map<String, Object> consumerConfig,
                   DefaultKafkaProducerFactory<byte[], byte[]> deadLetterProducer, SchemaRegistryClient registry,
                   KafkaAvailability availability, ProcessedEvents processed, TransactionTemplate transactions,
                   MeterRegistry meters, ConsumerSettings settings) {
        this.availability = availability;
        this.deadLetterProducer = deadLetterProducer;
        KafkaOperations<byte[], byte[]> deadLetterTemplate = new KafkaTemplate<>(deadLetterProducer);
        this.processed = processed;
        this.settings = settings;
        for (EventSubscription<?> subscription : subscriptions) {
            runtimes.add(runtime(subscription, consumerConfig, deadLetterTemplate, registry, transactions, meters));
        }
    }

    private <V extends SpecificRecord> SubscriptionRuntime runtime(
            EventSubscription<V> subscription, Map<String, Object> consumerConfig,
            KafkaOperations<byte[], byte[]> deadLetterTemplate, SchemaRegistryClient registry,
            TransactionTemplate transactions, MeterRegistry meters) {
        String group = subscription.group();
        String topic = subscription.topic().name();
        ConsumerMetrics metrics = new ConsumerMetrics(meters, group, topic);
        ConsumerState state = new ConsumerState();
        EventBatchListener<V> listener = new EventBatchListener<>(subscription,
                new AvroDeserializer<>(registry, subscription.topic().valueType()), processed, transactions, metrics,
                state);

        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, group);
        // Keys and values stay bytes until the listener decodes them: a poison record then reaches the listener (and
        // the dead-letter topic) with its bytes unchanged, and decoding failures are classified in one place.
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        DefaultKafkaConsumerFactory<byte[], byte[]> factory = new DefaultKafkaConsumerFactory<>(config,
                new ByteArrayDeserializer(), new ByteArrayDeserializer());

        ContainerProperties properties = new ContainerProperties(topic);
        properties.setGroupId(group);
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        properties.setSyncCommits(true);
        // After a transactional writer's commit marker the group's offset would stay one short of the end, and the lag
        // (and the stuck check) would never reach 0 on an idle partition.
        properties.setFixTxOffsets(true);
        properties.setMessageListener(listener);
        properties.setConsumerRebalanceListener(new LagOfRevokedPartitions(metrics));

        ExponentialBackOff transientBackOff = new ExponentialBackOff(settings.retryInitialInterval().toMillis(), 2.0);
        transientBackOff.setMaxInterval(settings.retryMaxInterval().toMillis());
        DefaultErrorHandler errors = new DefaultErrorHandler(new DeadLetters(deadLetterTemplate, group, metrics),
                transientBackOff);
        FixedBackOff poisonBackOff = new FixedBackOff(0, 0);
        // Transient failures: the default back-off, for ever. Everything else the listener reports is poison: straight
        // to the dead-letter topic.
        errors.setBackOffFunction((record, exception) -> isTransient(exception) ? null : poisonBackOff);
        // The container logs what the error handler rethrows to re-seek ("Seek to current after exception") at this
        // level; the listener already logged the failure itself.
        errors.setLogLevel(KafkaException.Level.DEBUG);

        ConcurrentMessageListenerContainer<byte[], byte[]> container =
                new ConcurrentMessageListenerContainer<>(factory, properties);
        container.setConcurrency(settings.concurrency());
        container.setCommonErrorHandler(errors);
        container.setBeanName("streamgate-consumer-" + group);
        container.setAutoStartup(false);
        return new SubscriptionRuntime(subscription, container, state, metrics);
    }

    private static boolean isTransient(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientFailure) {
                return true;
            }
        }
        return false;
    }

    List<SubscriptionRuntime> runtimes() {
        return runtimes;
    }

    @Override
    public void start() {
        for (SubscriptionRuntime runtime : runtimes) {
            runtime.container().start();
            log.info("Consuming {} as group {}", runtime.topic(), runtime.group());
        }
        monitor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("streamgate-consumer-monitor").factory());
        if (!runtimes.isEmpty()) {
            long lagMs = settings.lagInterval().toMillis();
            monitor.scheduleWithFixedDelay(this::refreshLag, lagMs, lagMs, TimeUnit.MILLISECONDS);
            sweep = PeriodicSweep.start("streamgate-processed-events-sweeper", settings.processedSweepInterval(),
                    "applied event ids older than " + settings.processedRetention(),
                    () -> processed.deleteOlderThan(settings.processedRetention()));
        }
        running = true;
    }

    private void refreshLag() {
        if (!availability.isAvailable()) {
            return;
        }
        try {
            var admin = availability.admin();
            for (SubscriptionRuntime runtime : runtimes) {
                runtime.refresh(admin, settings.lagInterval());
            }
        } catch (RuntimeException e) {
            log.debug("Could not read consumer lag: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        if (monitor != null) {
            monitor.shutdownNow();
        }
        if (sweep != null) {
            sweep.close();
        }
        runtimes.forEach(runtime -> runtime.container().stop());
        deadLetterProducer.destroy();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE;
    }
}
