package io.streamgate.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamgate.deploy.ClusterManifests.PlannedTopic;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationTls;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.StrimziAclOperation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Kubernetes manifests under {@code deploy/k8s}: the generated parts equal what the catalogue gives, every overlay
 * renders offline with {@code kubectl kustomize}, and the rendered Strimzi resources load into Strimzi's own model
 * classes with the replication the cluster promises, Kafka only over TLS with client certificates and ACLs, and a
 * {@code KafkaUser} per system generated from what the code uses ({@link KafkaUsers}). {@link WorkloadManifestsTest}
 * checks the workloads.
 * <p>
 * Needs {@code kubectl} on the PATH; outside CI (no {@code CI} variable) the rendering tests are skipped when it is
 * missing, in CI they fail.
 */
class ClusterManifestsTest {

    static final Path ROOT = ClusterManifests.repositoryRoot();

    @Test
    void topicResourcesAreTheCatalogueTopicsAndTheirDeadLetterTopics() throws IOException {
        assertGenerated(ClusterManifests.TOPICS_FILE, ClusterManifests.topicsYaml());
    }

    @Test
    void kafkaUsersAreGeneratedFromTheSystemsTopicUsesGroupsAndStreamsApplications() throws IOException {
        assertGenerated(KafkaUsers.PROD_FILE, KafkaUsers.prodYaml());
        assertGenerated(KafkaUsers.DEV_FILE, KafkaUsers.devYaml());
    }

    @Test
    void schemaRegistrationsAreTheCatalogueSchemas() throws IOException {
        assertGenerated(ClusterManifests.SCHEMAS_FILE, ClusterManifests.schemasYaml());
        assertThat(ClusterManifests.subjects()).containsKey("payments-value");
    }

    static Stream<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT.resolve("deploy/k8s/overlays"))) {
            return dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyOverlayRendersOffline(String overlay) {
        List<Map<String, Object>> resources = render(overlay);
        assertThat(resources).extracting(r -> r.get("kind"))
                .contains("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Cluster", "ConfigMap", "Deployment",
                        "Service", "PodDisruptionBudget", "Issuer", "Certificate");
    }

    @Test
    void prodKafkaRunsKraftOnThreeNodesWithTwoInSyncReplicas() {
        List<Map<String, Object>> resources = render("prod");
        Kafka kafka = single(resources, "Kafka", Kafka.class);
        KafkaNodePool pool = single(resources, "KafkaNodePool", KafkaNodePool.class);

        assertThat(kafka.getMetadata().getAnnotations()).containsEntry("strimzi.io/kraft", "enabled");
        assertThat(kafka.getSpec().getKafka().getAdditionalProperties()).isNullOrEmpty();
        assertThat(kafka.getSpec().getKafka().getConfig())
                .containsEntry("default.replication.factor", 3)
                .containsEntry("min.insync.replicas", 2)
                .containsEntry("auto.create.topics.enable", false);
        assertThat(kafka.getSpec().getEntityOperator().getTopicOperator()).isNotNull();
        assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
        assertThat(pool.getSpec().getReplicas()).isEqualTo(3);
        assertThat(pool.getSpec().getRoles()).contains(ProcessRoles.BROKER, ProcessRoles.CONTROLLER);
        assertThat(pool.getSpec().getAdditionalProperties()).isNullOrEmpty();
    }

    @Test
    void prodTopicsAreTheCatalogueWithItsPartitionsAndThreeReplicas() {
        String cluster = single(render("prod"), "Kafka", Kafka.class).getMetadata().getName();
        List<KafkaTopic> topics = all(render("prod"), "KafkaTopic", KafkaTopic.class);

        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
            assertThat(topic.getSpec().getAdditionalProperties()).isNullOrEmpty();
        });
        assertThat(topics)
                .extracting(t -> t.getSpec().getTopicName(), t -> t.getSpec().getPartitions(),
                        t -> t.getSpec().getReplicas(), t -> t.getSpec().getConfig().get("min.insync.replicas"))
                .containsExactlyInAnyOrderElementsOf(ClusterManifests.plannedTopics().stream()
                        .map(t -> tuple(t.name(), t.partitions(), ClusterManifests.REPLICAS,
                                ClusterManifests.MIN_INSYNC_REPLICAS))
                        .toList());
        assertThat(ClusterManifests.plannedTopics()).extracting(PlannedTopic::name)
                .contains("payments", "payments.DLT");
    }

    @Test
    void devTopicsAreTheSameTopicsOnOneBroker() {
        List<KafkaTopic> topics = all(render("dev"), "KafkaTopic", KafkaTopic.class);
        assertThat(single(render("dev"), "KafkaNodePool", KafkaNodePool.class).getSpec().getReplicas()).isEqualTo(1);
        assertThat(topics).extracting(t -> t.getSpec().getTopicName(), t -> t.getSpec().getReplicas())
                .containsExactlyInAnyOrderElementsOf(ClusterManifests.plannedTopics().stream()
                        .map(t -> tuple(t.name(), 1)).toList());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaIsReachedOnlyOverTlsWithClientCertificatesAndAcls(String overlay) {
        Kafka kafka = single(render(overlay), "Kafka", Kafka.class);

        assertThat(kafka.getSpec().getKafka().getListeners()).as("no plain-text listener").singleElement()
                .satisfies(listener -> {
                    assertThat(listener.isTls()).isTrue();
                    assertThat(listener.getAuth()).isInstanceOf(KafkaListenerAuthenticationTls.class);
                });
        assertThat(kafka.getSpec().getKafka().getAuthorization()).isInstanceOf(KafkaAuthorizationSimple.class);
        assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).as("reconciles the KafkaUsers").isNotNull();
    }

    /**
     * The prod users' shape: what each may do exactly is {@code KafkaUserAclsTest}'s, on a broker, against what the
     * code uses.
     */
    @Test
    void prodHasAKafkaUserPerSystemThatWritesNoOtherSystemsTopicAndHasNoClusterRight() {
        List<KafkaUser> users = all(render("prod"), "KafkaUser", KafkaUser.class);
        Map<String, Set<String>> writes = new TreeMap<>();
        KafkaUsers.rulesBySystem().forEach((system, rules) -> writes.put(system, rules.stream()
                .filter(r -> r.resourceType().equals("topic") && r.operations().contains("Write"))
                .map(KafkaUsers.Rule::name).collect(Collectors.toSet())));
        List<String> catalogue = ClusterManifests.plannedTopics().stream().map(PlannedTopic::name).toList();

        assertThat(users).extracting(u -> u.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(
                WorkloadManifestsTest.SYSTEMS.stream().map(s -> "streamgate-" + s).toList());
        for (KafkaUser user : users) {
            String system = user.getMetadata().getName().substring("streamgate-".length());
            assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", ClusterManifests.CLUSTER);
            assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserTlsClientAuthentication.class);
            List<AclRule> acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
            assertThat(acls).as("ACLs of %s", system).isNotEmpty()
                    .noneMatch(acl -> acl.getResource() instanceof AclRuleClusterResource);
            assertThat(acls).filteredOn(acl -> acl.getResource() instanceof AclRuleTopicResource topic
                            && topic.getPatternType() == AclResourcePatternType.LITERAL)
                    .as("%s: its catalogue topics, operation by operation", system)
                    .allSatisfy(acl -> assertThat(acl.getOperations()).doesNotContain(StrimziAclOperation.ALL));
            assertThat(acls).filteredOn(acl -> acl.getResource() instanceof AclRuleTopicResource topic
                            && topic.getPatternType() == AclResourcePatternType.PREFIX)
                    .as("%s: a prefix (its Kafka Streams application's own topics) covers no catalogue topic", system)
                    .allSatisfy(acl -> assertThat(catalogue).noneMatch(topic -> topic.startsWith(
                            ((AclRuleTopicResource) acl.getResource()).getName())));
            Set<String> othersWrite = new TreeSet<>();
            writes.forEach((other, topics) -> {
                if (!other.equals(system)) {
                    othersWrite.addAll(topics);
                }
            });
            assertThat(acls).filteredOn(acl -> acl.getResource() instanceof AclRuleTopicResource topic
                            && othersWrite.contains(topic.getName()))
                    .as("%s's rules on topics other systems write", system)
                    .allSatisfy(acl -> assertThat(acl.getOperations())
                            .doesNotContain(StrimziAclOperation.WRITE, StrimziAclOperation.ALL));
        }
    }

    private static void assertGenerated(Path relative, String expected) throws IOException {
        Path file = ROOT.resolve(relative);
        if (Boolean.getBoolean("streamgate.deploy.regenerate")) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "")
                .as("%s is generated from the catalogue; regenerate it with:%n  %s", relative,
                        ClusterManifests.REGENERATE)
                .isEqualTo(expected);
    }

    static <T> T single(List<Map<String, Object>> resources, String kind, Class<T> type) {
        List<T> found = all(resources, kind, type);
        assertThat(found).as(kind).hasSize(1);
        return found.getFirst();
    }

    /** Loads the rendered resources of {@code kind} into Strimzi's (fabric8-based, Jackson 2) model classes. */
    static <T> List<T> all(List<Map<String, Object>> resources, String kind, Class<T> type) {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return resources.stream().filter(r -> kind.equals(r.get("kind")))
                .map(r -> mapper.convertValue(r, type)).toList();
    }

    private static final Map<String, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    /** {@code kubectl kustomize deploy/k8s/overlays/<overlay>}, parsed into one map per resource (once per JVM). */
    static List<Map<String, Object>> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, ClusterManifestsTest::kustomize);
    }

    private static List<Map<String, Object>> kustomize(String overlay) {
        String kubectl = kubectl();
        Path out;
        try {
            out = Files.createTempFile("kustomize-" + overlay, ".yaml");
            Process process = new ProcessBuilder(kubectl, "kustomize",
                    ROOT.resolve("deploy/k8s/overlays").resolve(overlay).toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
            String output = Files.readString(out);
            Files.delete(out);
            assertThat(process.exitValue()).as("kubectl kustomize %s:%n%s", overlay, output).isZero();
            List<Map<String, Object>> resources = new ArrayList<>();
            for (Object document : new Yaml(new LoaderOptions()).loadAll(output)) {
                if (document != null) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> resource = (Map<String, Object>) document;
                    resources.add(resource);
                }
            }
            return List.copyOf(resources);
        } catch (IOException e) {
            throw new IllegalStateException("kubectl kustomize " + overlay, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String kubectl() {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        String found = Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable)
                .map(Path::toString).findFirst().orElse(null);
        if (found == null && System.getenv("CI") != null) {
            fail("kubectl is required in CI (.ci/run installs it)");
        }
        Assumptions.assumeTrue(found != null, "kubectl not on PATH: overlays not rendered");
        return found;
    }
}
