package io.streamgate.deploy;

import io.streamgate.devstack.DevCertificates;
import io.streamgate.devstack.DevStack;
import io.streamgate.schemas.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The prod overlay's KafkaUsers on a real broker with an authorizer: the embedded broker's TLS listener, which requires
 * a client certificate, with each rendered user's ACLs applied for its principal ({@code User:CN=<name>}, as Strimzi's
 * user operator applies them) and a client certificate of that name. Each system's user may write and read exactly
 * what its system does (the broker says so: the operations it authorizes on each topic), and is refused a write to any
 * topic of another system and its consumer group. Nothing is written to a catalogue topic: a refused write writes
 * nothing, and an allowed one is checked by the authorized operations (the application itself writes through these
 * ACLs in {@link ProductionProfileTest} and the container proof).
 */
class KafkaUserAclsTest {

    private static DevStack stack;
    /** The prod overlay's KafkaUsers, by name. */
    private static List<String> users;

    @BeforeAll
    static void applyTheRenderedUsersAcls() {
        stack = DevStack.shared();
        ClusterManifests.createTheTopicsOfTheKafkaTopicResources("dev", stack.bootstrapServers());
        users = ClusterManifests.applyTheAclsOfTheKafkaUserResources("prod", stack.bootstrapServers());
    }

    @Test
    void eachSystemsUserIsAuthorizedExactlyForItsOwnTopicsAsTheCodeUsesThem() throws Exception {
        assertThat(users).containsExactlyInAnyOrderElementsOf(WorkloadManifestsTest.SYSTEMS.stream()
                .map(system -> "streamgate-" + system).toList());
        Set<String> catalogue = ClusterManifests.plannedTopics().stream().map(ClusterManifests.PlannedTopic::name)
                .collect(Collectors.toSet());
        for (Map.Entry<String, List<KafkaUsers.Rule>> system : KafkaUsers.rulesBySystem().entrySet()) {
            String user = "streamgate-" + system.getKey();
            Map<String, Set<AclOperation>> expected = new TreeMap<>();
            for (KafkaUsers.Rule rule : system.getValue()) {
                if (rule.resourceType().equals("topic") && rule.patternType().equals("literal")) {
                    expected.put(rule.name(), rule.operations().stream().map(AclOperation::fromString)
                            .collect(Collectors.toSet()));
                }
            }
            try (Admin admin = Admin.create(client(user))) {
                Map<String, TopicDescription> described = admin.describeTopics(catalogue,
                                new DescribeTopicsOptions().includeAuthorizedOperations(true))
                        .topicNameValues().entrySet().stream()
                        .filter(e -> isAuthorized(e.getValue()))
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> join(e.getValue())));
                assertThat(described.keySet()).as("the catalogue topics %s may describe", user)
                        .containsExactlyInAnyOrderElementsOf(expected.keySet());
                described.forEach((topic, description) -> assertThat(description.authorizedOperations())
                        .as("what %s may do on %s", user, topic)
                        .containsExactlyInAnyOrderElementsOf(expected.get(topic)));
            }
        }
    }

    @Test
    void noSystemsUserMayWriteAnotherSystemsTopic() throws Exception {
        Map<String, Set<String>> writes = new TreeMap<>();
        KafkaUsers.rulesBySystem().forEach((system, rules) -> writes.put(system, rules.stream()
                .filter(r -> r.resourceType().equals("topic") && r.patternType().equals("literal")
                        && r.operations().contains("Write"))
                .map(KafkaUsers.Rule::name).collect(Collectors.toSet())));
        int refused = 0;
        for (String system : writes.keySet()) {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producer("streamgate-" + system))) {
                for (Map.Entry<String, Set<String>> other : writes.entrySet()) {
                    for (String topic : other.getValue()) {
                        if (other.getKey().equals(system) || writes.get(system).contains(topic)) {
                            continue;
                        }
                        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, new byte[]{1}))
                                .get(20, TimeUnit.SECONDS))
                                .as("%s writing %s's topic %s", system, other.getKey(), topic)
                                .isInstanceOf(ExecutionException.class).cause()
                                .isInstanceOf(TopicAuthorizationException.class);
                        refused++;
                    }
                }
            }
        }
        assertThat(refused).as("writes refused across systems").isGreaterThan(10);
    }

    @Test
    void aSystemsUserMayNotConsumeInAnotherSystemsGroup() {
        // Order details may read order-events, in its own group only: not in trips' Kafka Streams application's.
        Map<String, Object> config = new HashMap<>(client("streamgate-orderdetails"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupOf("trips"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ORDER_EVENTS.name()));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(20)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    private static String groupOf(String system) {
        return KafkaUsers.rulesBySystem().get(system).stream().filter(rule -> rule.resourceType().equals("group"))
                .map(KafkaUsers.Rule::name).findFirst().orElseThrow();
    }

    private static boolean isAuthorized(KafkaFuture<TopicDescription> description) {
        try {
            description.get(20, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TopicAuthorizationException.class);
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static TopicDescription join(KafkaFuture<TopicDescription> description) {
        try {
            return description.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client of the TLS listener with the client certificate CN={@code name}, as Strimzi issues a user's. */
    private static Map<String, Object> client(String name) {
        DevCertificates.Client certificate = stack.certificates().client(name);
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().tlsBootstrapServers());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, stack.certificates().caCertificate().toString());
        config.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
        config.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, read(certificate.certificate()));
        config.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, read(certificate.key()));
        return config;
    }

    private static Map<String, Object> producer(String name) {
        Map<String, Object> config = new HashMap<>(client(name));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        return config;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
