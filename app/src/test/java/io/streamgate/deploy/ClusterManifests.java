package io.streamgate.deploy;

import io.streamgate.platform.kafka.TopicsProperties;
import io.streamgate.schemas.Topic;
import io.streamgate.schemas.Topics;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TopicExistsException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.streamgate.deploy.WorkloadManifestsTest.map;
import static io.streamgate.deploy.WorkloadManifestsTest.name;
import static io.streamgate.deploy.WorkloadManifestsTest.resources;

/**
 * The parts of the Kubernetes manifests that follow from the code: a Strimzi {@code KafkaTopic} for every catalogue
 * topic and its dead-letter topic, and the registry payload of every Avro schema the catalogue uses. The files live
 * under {@code deploy/k8s/base/} and are compared with this output by {@link ClusterManifestsTest}, so they cannot
 * drift from {@link Topics#all()} (the test rewrites them with {@code -Dstreamgate.deploy.regenerate=true}).
 * <p>
 * Partitions come from the application's own {@code streamgate.topics} settings (defaults and per-topic overrides in
 * {@code application.yml}), so a topic has the same partition count in a cluster as in the embedded stack.
 * Replication is the cluster's: 3 replicas, {@code min.insync.replicas} 2, so one broker may be down while
 * {@code acks=all} producers still succeed.
 */
final class ClusterManifests {

    static final String CLUSTER = "streamgate";
    static final int REPLICAS = 3;
    static final int MIN_INSYNC_REPLICAS = 2;
    static final Path TOPICS_FILE = Path.of("deploy/k8s/base/kafka/topics.generated.yaml");
    static final Path SCHEMAS_FILE = Path.of("deploy/k8s/base/registry/schemas.generated.yaml");
    static final String REGENERATE = "./mvnw -B -ntp -pl app -am verify -Dtest=ClusterManifestsTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dstreamgate.deploy.regenerate=true";

    private ClusterManifests() {
    }

    /** One planned topic: its Kafka name and partition count. */
    record PlannedTopic(String name, int partitions) {

        /** A Kubernetes name (lower case; {@code .DLT} becomes {@code .dlt}); the real name is spec.topicName. */
        String resourceName() {
            return name.toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Every catalogue topic followed by its dead-letter topic, as the platform provisions them. */
    static List<PlannedTopic> plannedTopics() {
        TopicsProperties settings = applicationTopicSettings();
        List<PlannedTopic> topics = new ArrayList<>();
        for (Topic<?, ?> topic : Topics.all()) {
            for (String name : List.of(topic.name(), Topics.deadLetterOf(topic.name()))) {
                topics.add(new PlannedTopic(name, settings.settingsFor(name).partitions()));
            }
        }
        return topics;
    }

    /** Registry subjects (topic-name strategy) and their schemas, for every Avro key and value in the catalogue. */
    static Map<String, Schema> subjects() {
        Map<String, Schema> subjects = new LinkedHashMap<>();
        for (Topic<?, ?> topic : Topics.all()) {
            if (SpecificRecord.class.isAssignableFrom(topic.keyType())) {
                subjects.put(topic.name() + "-key", SpecificData.get().getSchema(topic.keyType()));
            }
            if (SpecificRecord.class.isAssignableFrom(topic.valueType())) {
                subjects.put(topic.name() + "-value", SpecificData.get().getSchema(topic.valueType()));
            }
        }
        return subjects;
    }

    static String topicsYaml() {
        StringBuilder yaml = new StringBuilder(header("io.streamgate.schemas.Topics.all() and streamgate.topics"));
        for (PlannedTopic topic : plannedTopics()) {
            yaml.append("---\n")
                    .append("apiVersion: kafka.strimzi.io/v1\n")
                    .append("kind: KafkaTopic\n")
                    .append("metadata:\n")
                    .append("  name: ").append(topic.resourceName()).append('\n')
                    .append("  labels:\n")
                    .append("    strimzi.io/cluster: ").append(CLUSTER).append('\n')
                    .append("spec:\n")
                    .append("  topicName: ").append(topic.name()).append('\n')
                    .append("  partitions: ").append(topic.partitions()).append('\n')
                    .append("  replicas: ").append(REPLICAS).append('\n')
                    .append("  config:\n")
                    .append("    min.insync.replicas: ").append(MIN_INSYNC_REPLICAS).append('\n');
        }
        return yaml.toString();
    }

    static String schemasYaml() {
        StringBuilder yaml = new StringBuilder(header("the Avro classes of io.streamgate.schemas.Topics.all()"));
        yaml.append("# Registered by the register-schemas init step (register-schemas.sh): the prod profile writes with the\n")
                .append("# subject's latest schema and never registers one itself.\n")
                .append("apiVersion: v1\n")
                .append("kind: ConfigMap\n")
                .append("metadata:\n")
                .append("  name: streamgate-schemas\n")
                .append("data:\n");
        subjects().forEach((subject, schema) -> yaml.append("  ").append(subject).append(".json: '")
                .append(registration(schema).replace("'", "''")).append("'\n"));
        return yaml.toString();
    }

    /** The body of {@code POST /subjects/{subject}/versions} (Confluent API). */
    static String registration(Schema schema) {
        String json = schema.toString();
        return "{\"schemaType\":\"AVRO\",\"schema\":\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    /**
     * What Strimzi's topic operator makes of the rendered {@code KafkaTopic} resources of {@code overlay}, on the broker
     * at {@code bootstrapServers}; topics that exist already are left as they are. Returns the topics' names.
     */
    @SuppressWarnings("unchecked")
    static List<String> createTheTopicsOfTheKafkaTopicResources(String overlay, String bootstrapServers) {
        List<NewTopic> topics = new ArrayList<>();
        for (Map<String, Object> topic : resources(ClusterManifestsTest.render(overlay), "KafkaTopic")) {
            Map<String, Object> spec = map(topic, "spec");
            Map<String, String> config = new LinkedHashMap<>();
            ((Map<String, Object>) spec.getOrDefault("config", Map.of()))
                    .forEach((key, value) -> config.put(key, String.valueOf(value)));
            topics.add(new NewTopic((String) spec.getOrDefault("topicName", name(topic)),
                    (Integer) spec.get("partitions"), ((Integer) spec.get("replicas")).shortValue()).configs(config));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
                try {
                    created.getValue().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + created.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
        return topics.stream().map(NewTopic::name).toList();
    }

    /**
     * What Strimzi's user operator makes of the rendered {@code KafkaUser} resources of {@code overlay}, on the broker
     * at {@code bootstrapServers} (whose TLS listener authenticates client certificates and authorizes by ACL): each
     * user's ACLs for its principal, {@code User:CN=<name>}, the subject of the client certificate Strimzi issues it.
     * Returns the users' names.
     */
    static List<String> applyTheAclsOfTheKafkaUserResources(String overlay, String bootstrapServers) {
        List<AclBinding> bindings = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (Map<String, Object> user : resources(ClusterManifestsTest.render(overlay), "KafkaUser")) {
            users.add(name(user));
            bindings.addAll(KafkaUsers.bindings(user, "User:CN=" + name(user)));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create the ACLs of the KafkaUsers " + users, e);
        }
        return users;
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/k8s"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/k8s not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static String header(String source) {
        return "# Generated from " + source + " by ClusterManifestsTest: do not edit.\n"
                + "# Regenerate: " + REGENERATE + "\n";
    }

    private static TopicsProperties applicationTopicSettings() {
        Path applicationYml = repositoryRoot().resolve("app/src/main/resources/application.yml");
        try {
            MutablePropertySources sources = new MutablePropertySources();
            for (PropertySource<?> source : new YamlPropertySourceLoader()
                    .load("application.yml", new FileSystemResource(applicationYml.toFile()))) {
                sources.addLast(source);
            }
            return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources))
                    .bind("streamgate.topics", TopicsProperties.class)
                    .orElseGet(TopicsProperties::defaultSettings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
