package io.streamgate.platform.streams;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Makes a feature's topology method into a Kafka Streams application inside the app. A feature declares it as a bean,
 * so Spring starts and stops it:
 * <pre>{@code
 * @Bean ManagedKafkaStreams tripsJoin(StreamsApplications apps, ...) {
 *     return apps.create("streamgate-trips-join", builder -> topology.build(builder), deadLetterTopic);
 * }}</pre>
 * Failures: only poison is set aside, in the application's dead-letter topic, and the task goes on: bytes that can
 * never decode (no magic byte, a corrupt Avro body, a schema id the registry answered it does not know) and records a
 * processor rejects with {@link RecordRejectedException}. Everything else (the registry unreachable with a cold cache,
 * a record the application writes that cannot be serialized or sent, any other exception of a processor or a
 * punctuator) fails the task: its exactly-once transaction is aborted, so none of its effects since the last commit
 * are kept, and the stream thread is replaced ({@link ManagedKafkaStreams}), which processes the same records again.
 * A failure that persists is retried with growing pauses, never skipped.
 */
public final class StreamsApplications {

    private final KafkaProperties kafkaProperties;
    private final KafkaConnectionDetails connection;
    private final StreamsProperties settings;
    private final BooleanSupplier topicsReady;
    private final MeterRegistry meterRegistry;

    StreamsApplications(KafkaProperties kafkaProperties, KafkaConnectionDetails connection,
                        StreamsProperties settings, BooleanSupplier topicsReady, MeterRegistry meterRegistry) {
        this.kafkaProperties = kafkaProperties;
        this.connection = connection;
        this.settings = settings;
        this.topicsReady = topicsReady;
        this.meterRegistry = meterRegistry;
    }

    /**
     * What every application gets whatever the deployment sets: the application id, exactly_once_v2, the failure
     * handling above and its dead-letter topic, explicit names for internal topics. A {@code TopologyTestDriver} test
     * runs a topology with these (plus a {@code bootstrap.servers}), so it sees failures handled as in production.
     */
    public static Properties enforcedSettings(String applicationId, String deadLetterTopic) {
        Properties config = new Properties();
        config.putAll(KafkaStreamsSettings.enforced(applicationId, deadLetterTopic));
        return config;
    }

    /** The configuration an application of this id gets (e.g. for a test that runs the topology elsewhere). */
    public Properties settings(String applicationId, String deadLetterTopic) {
        return KafkaStreamsSettings.of(kafkaProperties, connection, settings, applicationId, deadLetterTopic);
    }

    /**
     * @param topology  adds the application's topology to the builder (a plain method taking a StreamsBuilder)
     */
    public ManagedKafkaStreams create(String applicationId, Consumer<StreamsBuilder> topology, String deadLetterTopic) {
        Properties config = settings(applicationId, deadLetterTopic);
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config)));
        topology.accept(builder);
        return new ManagedKafkaStreams(applicationId, builder.build(config), config, topicsReady, meterRegistry,
                settings.closeTimeout());
    }
}
