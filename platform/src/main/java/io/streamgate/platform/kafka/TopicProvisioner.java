package io.streamgate.platform.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Creates the catalogue's topics and their dead-letter topics explicitly (brokers should run with
 * {@code auto.create.topics.enable=false}). Runs as a {@link KafkaAvailability} recovery task, so it tolerates Kafka
 * being down at start-up and completes when it comes back. Existing topics are left as they are (partition counts are
 * never changed behind the operator's back). After a failure it waits {@code retryBackoff} before trying again.
 * <p>
 * Deliberately not Spring Kafka's {@code NewTopic} beans: Boot's {@code KafkaAdmin} creates those once, during
 * context refresh, blocking start-up for its operation timeout when Kafka is down, and never retries.
 */
public class TopicProvisioner implements BooleanSupplier {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Supplier<Admin> admin;
    private final TopicsProperties properties;
    private final Set<String> topics;
    private final Duration timeout;
    private final Duration retryBackoff;
    private volatile long notBefore;
    private volatile boolean done;

    public TopicProvisioner(Supplier<Admin> admin, TopicsProperties properties, Collection<String> topics,
                            Duration timeout, Duration retryBackoff) {
        this.admin = admin;
        this.properties = properties;
        this.topics = new LinkedHashSet<>(topics);
        this.timeout = timeout;
        this.retryBackoff = retryBackoff;
        this.notBefore = System.nanoTime();
    }

    /** The topics this provisioner creates when missing, with their effective settings. */
    public List<NewTopic> plannedTopics() {
        List<NewTopic> result = new ArrayList<>();
        for (String name : topics) {
            TopicsProperties.TopicSettings settings = properties.settingsFor(name);
            NewTopic topic = new NewTopic(name, settings.partitions(), settings.replicationFactor());
            if (settings.minInsyncReplicas() != null) {
                topic.configs(Map.of("min.insync.replicas", settings.minInsyncReplicas().toString()));
            }
            result.add(topic);
        }
        return result;
    }

    public boolean isDone() {
        return done;
    }

    /** Creates what is missing; true when every topic exists. Blocks at most about twice the timeout. */
    @Override
    public boolean getAsBoolean() {
        if (done) {
            return true;
        }
        if (System.nanoTime() - notBefore < 0) {
            return false;
        }
        try {
            Admin client = admin.get();
            long ms = timeout.toMillis();
            Set<String> existing = client.listTopics(new ListTopicsOptions().timeoutMs((int) ms))
                    .names().get(ms + 500, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = plannedTopics().stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                Map<String, KafkaFuture<Void>> results = client.createTopics(missing,
                        new CreateTopicsOptions().timeoutMs((int) ms)).values();
                List<String> failures = new ArrayList<>();
                for (Map.Entry<String, KafkaFuture<Void>> entry : results.entrySet()) {
                    try {
                        entry.getValue().get(ms + 500, TimeUnit.MILLISECONDS);
                        log.info("Created topic {}", entry.getKey());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            failures.add(entry.getKey() + ": " + e.getCause());
                        }
                    }
                }
                if (!failures.isEmpty()) {
                    throw new IllegalStateException("could not create topics " + failures);
                }
            }
            done = true;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            notBefore = System.nanoTime() + retryBackoff.toNanos();
            log.warn("Topic provisioning failed, retrying in {} s when Kafka is available: {}",
                    retryBackoff.toSeconds(), e.toString());
            return false;
        }
    }
}
