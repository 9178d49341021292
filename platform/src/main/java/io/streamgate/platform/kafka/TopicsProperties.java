package io.streamgate.platform.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Map;

/**
 * {@code streamgate.topics.*}: how the catalogue's topics (and their dead-letter topics) are created.
 *
 * @param provision  create missing topics at start-up and whenever Kafka becomes reachable (default true; turn off
 *                   where topics are managed elsewhere, e.g. Strimzi {@code KafkaTopic})
 * @param defaults  partitions (6), replication factor (1), min.insync.replicas (unset: broker default)
 * @param overrides  per topic name, e.g. {@code streamgate.topics.overrides.payments.partitions=12}; unset fields fall
 *                   back to the defaults
 */
@ConfigurationProperties("streamgate.topics")
public record TopicsProperties(
        @DefaultValue("true") boolean provision,
        @DefaultValue TopicSettings defaults,
        Map<String, TopicOverride> overrides) {

    public TopicsProperties {
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** All defaults, bound from an empty source so that they are the {@code @DefaultValue}s, never repeated. */
    public static TopicsProperties defaultSettings() {
        return new Binder().bindOrCreate("streamgate.topics", TopicsProperties.class);
    }

    /** The effective settings of a topic: its override, field by field, over the defaults. */
    public TopicSettings settingsFor(String topic) {
        TopicOverride override = overrides.get(topic);
        if (override == null) {
            return defaults;
        }
        return new TopicSettings(
                override.partitions() != null ? override.partitions() : defaults.partitions(),
                override.replicationFactor() != null ? override.replicationFactor() : defaults.replicationFactor(),
                override.minInsyncReplicas() != null ? override.minInsyncReplicas() : defaults.minInsyncReplicas());
    }

    /** Per-topic override: null fields fall back to {@link #defaults()}. */
    public record TopicOverride(Integer partitions, Short replicationFactor, Integer minInsyncReplicas) {
    }

    /**
     * @param partitions  number of partitions
     * @param replicationFactor  replication factor
     * @param minInsyncReplicas  topic-level {@code min.insync.replicas}, or null for the broker's default
     */
    public record TopicSettings(
            @DefaultValue("6") Integer partitions,
            @DefaultValue("1") Short replicationFactor,
            Integer minInsyncReplicas) {
    }
}
