package io.streamgate.deploy;

import io.streamgate.DiagramFacts;
import io.streamgate.DiagramFacts.SystemFacts;
import io.streamgate.DiagramFacts.TopicUse;
import io.streamgate.orderdetails.OrderDetailsSettings;
import io.streamgate.schemas.Topics;
import io.streamgate.support.ApplicationEnvironment;
import io.streamgate.trips.TripsSettings;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.springframework.boot.context.properties.bind.Binder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static io.streamgate.deploy.WorkloadManifestsTest.at;
import static io.streamgate.deploy.WorkloadManifestsTest.list;
import static io.streamgate.deploy.WorkloadManifestsTest.map;
import static io.streamgate.deploy.WorkloadManifestsTest.strings;

/**
 * The Strimzi {@code KafkaUser} of each system, generated from what the code does: a system may write the topics it
 * publishes to, appends to through the outbox or streams to, read the topics it consumes or streams from, write the
 * dead-letter topic of each topic it consumes (the platform's dead letters) or names as its dead-letter topic, and use
 * its own consumer group; a Kafka Streams application also owns its internal topics and transactional ids (prefixed by
 * its application id). Nothing else: not another system's topic, not the cluster. Topic uses come from the systems'
 * bytecode ({@link DiagramFacts}), groups and application ids from the systems' settings as {@code application.yml}
 * binds them.
 * <p>
 * Prod runs a workload per system, each with its own user ({@code streamgate-<system>}, the name of its Secret with
 * {@code user.crt} and {@code user.key}); dev runs every system in one workload, whose user {@code streamgate} has them
 * all. {@link ClusterManifestsTest} compares the generated files with this output; {@code KafkaUserAclsTest} applies
 * the rendered users' ACLs to the embedded broker.
 */
final class KafkaUsers {

    static final Path PROD_FILE = Path.of("deploy/k8s/overlays/prod/kafka-users.generated.yaml");
    static final Path DEV_FILE = Path.of("deploy/k8s/overlays/dev/kafka-user.generated.yaml");
    static final String DEV_USER = "streamgate";

    /** The consumer group of a system that consumes with the platform's consumers, from its settings. */
    private static final Map<String, Function<Binder, String>> CONSUMER_GROUPS = Map.of(
            "orderdetails", binder -> binder.bindOrCreate("streamgate.orderdetails", OrderDetailsSettings.class)
                    .consumerGroup());
    /** The application id of a system's Kafka Streams application, from its settings. */
    private static final Map<String, Function<Binder, String>> STREAMS_APPLICATIONS = Map.of(
            "trips", binder -> binder.bindOrCreate("streamgate.trips", TripsSettings.class).join().applicationId());

    private KafkaUsers() {
    }

    /** One ACL rule as a KafkaUser spells it (Strimzi's {@code AclRule}). */
    record Rule(String resourceType, String name, String patternType, List<String> operations) {
    }

    /** Every system's rules, by system name. */
    static Map<String, List<Rule>> rulesBySystem() {
        Binder binder = ApplicationEnvironment.binder(Map.of());
        Map<String, List<Rule>> rules = new TreeMap<>();
        for (SystemFacts system : DiagramFacts.systems().values()) {
            rules.put(system.name(), rulesOf(system, binder));
        }
        return rules;
    }

    private static List<Rule> rulesOf(SystemFacts system, Binder binder) {
        Map<String, Set<String>> topics = new LinkedHashMap<>();
        boolean consumes = false;
        boolean streams = false;
        for (TopicUse use : system.topics()) {
            String topic = use.topic().name();
            switch (use.role()) {
                case PUBLISHES, OUTBOX, STREAM_SINK -> grant(topics, topic, "Write", "Describe");
                case CONSUMES -> {
                    consumes = true;
                    grant(topics, topic, "Read", "Describe");
                    grant(topics, Topics.deadLetterOf(topic), "Write", "Describe");
                }
                case STREAM_SOURCE -> {
                    streams = true;
                    grant(topics, topic, "Read", "Describe");
                }
                case DEAD_LETTERS -> grant(topics, Topics.deadLetterOf(topic), "Write", "Describe");
            }
        }
        List<Rule> rules = new ArrayList<>();
        topics.forEach((topic, operations) -> rules.add(new Rule("topic", topic, "literal", List.copyOf(operations))));
        if (consumes) {
            rules.add(new Rule("group", required(CONSUMER_GROUPS, system, binder, "consumer group"), "literal",
                    List.of("Read", "Describe")));
        }
        if (streams) {
            String applicationId = required(STREAMS_APPLICATIONS, system, binder, "Kafka Streams application id");
            rules.add(new Rule("group", applicationId, "literal", List.of("Read", "Describe")));
            // Changelog and repartition topics: created, read, written and described by the application itself.
            rules.add(new Rule("topic", applicationId + "-", "prefix", List.of("All")));
            // exactly_once_v2: a transactional id per stream thread, prefixed by the application id.
            rules.add(new Rule("transactionalId", applicationId, "prefix", List.of("Write", "Describe")));
        }
        return rules;
    }

    private static void grant(Map<String, Set<String>> topics, String topic, String... operations) {
        topics.computeIfAbsent(topic, t -> new LinkedHashSet<>()).addAll(List.of(operations));
    }

    private static String required(Map<String, Function<Binder, String>> known, SystemFacts system, Binder binder,
                                   String what) {
        Function<Binder, String> setting = known.get(system.name());
        if (setting == null) {
            throw new IllegalStateException("System " + system.name() + " uses Kafka with a " + what + ", which "
                    + KafkaUsers.class.getName() + " does not know how to read from its settings: add it there");
        }
        return setting.apply(binder);
    }

    /** The prod overlay's users, one per system. */
    static String prodYaml() {
        StringBuilder yaml = new StringBuilder(header());
        rulesBySystem().forEach((system, rules) -> yaml.append(user("streamgate-" + system, system, rules)));
        return yaml.toString();
    }

    /** The dev overlay's one user, for its one workload running every system. */
    static String devYaml() {
        Set<Rule> all = new LinkedHashSet<>();
        rulesBySystem().values().forEach(all::addAll);
        return header() + user(DEV_USER, "every system", List.copyOf(all));
    }

    private static String header() {
        return "# Generated from the systems' topic uses (bytecode), consumer groups and Kafka Streams application ids\n"
                + "# by ClusterManifestsTest: do not edit.\n"
                + "# Regenerate: " + ClusterManifests.REGENERATE + "\n";
    }

    private static String user(String name, String system, List<Rule> rules) {
        StringBuilder yaml = new StringBuilder()
                .append("---\n")
                .append("# ").append(system).append(": its own topics and groups, nothing else. Strimzi issues its client\n")
                .append("# certificate (CN=").append(name).append(") into the Secret ").append(name).append(".\n")
                .append("apiVersion: kafka.strimzi.io/v1\n")
                .append("kind: KafkaUser\n")
                .append("metadata:\n")
                .append("  name: ").append(name).append('\n')
                .append("  labels:\n")
                .append("    strimzi.io/cluster: ").append(ClusterManifests.CLUSTER).append('\n')
                .append("spec:\n")
                .append("  authentication:\n")
                .append("    type: tls\n")
                .append("  authorization:\n")
                .append("    type: simple\n")
                .append("    acls:\n");
        for (Rule rule : rules) {
            yaml.append("      - resource:\n")
                    .append("          type: ").append(rule.resourceType()).append('\n')
                    .append("          name: ").append(rule.name()).append('\n')
                    .append("          patternType: ").append(rule.patternType()).append('\n')
                    .append("        operations: [").append(String.join(", ", rule.operations())).append("]\n");
        }
        return yaml.toString();
    }

    /**
     * The ACL bindings a rendered {@code KafkaUser} stands for, as Strimzi's user operator creates them: each rule's
     * operations on its resource, allowed, from any host, for {@code principal} (Strimzi's is {@code User:CN=<name>}).
     */
    static List<AclBinding> bindings(Map<String, Object> kafkaUser, String principal) {
        List<AclBinding> bindings = new ArrayList<>();
        for (Map<String, Object> rule : list(at(kafkaUser, "spec", "authorization", "acls"))) {
            Map<String, Object> resource = map(rule, "resource");
            ResourceType type = switch ((String) resource.get("type")) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
                case "cluster" -> ResourceType.CLUSTER;
                default -> throw new IllegalArgumentException("resource type " + resource.get("type"));
            };
            String name = type == ResourceType.CLUSTER ? "kafka-cluster" : (String) resource.get("name");
            PatternType pattern = switch (String.valueOf(resource.getOrDefault("patternType", "literal"))) {
                case "literal" -> PatternType.LITERAL;
                case "prefix" -> PatternType.PREFIXED;
                default -> throw new IllegalArgumentException("pattern type " + resource.get("patternType"));
            };
            for (String operation : strings(rule.get("operations"))) {
                bindings.add(new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(
                        principal, "*", operation(operation), AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    /** Strimzi's operation names (Read, DescribeConfigs, ...) as Kafka's. */
    private static AclOperation operation(String strimzi) {
        AclOperation operation = AclOperation.fromString(strimzi.replaceAll("([a-z])([A-Z])", "$1_$2"));
        if (operation == AclOperation.UNKNOWN) {
            throw new IllegalArgumentException("ACL operation " + strimzi);
        }
        return operation;
    }
}
