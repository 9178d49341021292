package io.streamgate.deploy;

import io.streamgate.DiagramFacts;
import io.streamgate.platform.edge.HttpSettings;
import io.streamgate.support.ApplicationEnvironment;
import io.streamgate.support.ApplicationSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static io.streamgate.deploy.ClusterManifestsTest.render;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Streamgate workloads of the rendered overlays: dev runs every system in one Deployment, prod one Deployment
 * per system from the same image, switched by {@code STREAMGATE_SYSTEMS}; every workload has probes on the
 * app's {@code /livez} and {@code /readyz}, requests and limits, a grace period that covers the producer's flush, a
 * PodDisruptionBudget, its configuration from a ConfigMap and its credentials from a Secret, and runs the schema
 * registration and the migrations before it starts.
 */
class WorkloadManifestsTest {

    /** The application's systems, as the platform finds them (no list to keep). */
    static final List<String> SYSTEMS = ApplicationSystems.names();

    @Test
    void findsTheApplicationsSystems() {
        // Guards the tests below against passing vacuously.
        assertThat(SYSTEMS).contains("payments", "orders", "orderdetails", "trips", "submissions");
    }

    @Test
    void devRunsEverySystemInOneDeployment() {
        List<Map<String, Object>> dev = render("dev");
        List<Map<String, Object>> workloads = streamgateWorkloads(dev);

        assertThat(workloads).hasSize(1);
        assertThat(systemsSwitchedOn(dev, workloads.getFirst())).containsExactlyInAnyOrderElementsOf(SYSTEMS);
        assertThat(ports(mainContainer(workloads.getFirst()))).contains(8000, 8001);
    }

    @Test
    void prodRunsEachSystemInItsOwnDeploymentFromTheSameImage() {
        List<Map<String, Object>> prod = render("prod");
        List<Map<String, Object>> workloads = streamgateWorkloads(prod);

        assertThat(workloads).hasSize(SYSTEMS.size());
        for (String system : SYSTEMS) {
            assertThat(workloads).filteredOn(w -> systemsSwitchedOn(prod, w).equals(List.of(system)))
                    .as("the workload running only %s", system)
                    .singleElement()
                    .satisfies(w -> assertThat(name(w)).isEqualTo("streamgate-" + system));
        }
        assertThat(workloads).extracting(w -> mainContainer(w).get("image")).containsOnly(
                "registry.example.com/streamgate:0.1.0-SNAPSHOT");
        assertThat(ports(mainContainer(workload(prod, "streamgate-orderdetails")))).contains(8000, 8001);
    }

    @Test
    void prodScalesEachSystemOnItsOwn() {
        List<Map<String, Object>> prod = render("prod");
        for (String system : List.of("payments", "submissions")) {
            Map<String, Object> hpa = resources(prod, "HorizontalPodAutoscaler").stream()
                    .filter(h -> ("streamgate-" + system).equals(at(h, "spec", "scaleTargetRef", "name")))
                    .findFirst().orElseThrow(() -> new AssertionError("no HPA for " + system));
            assertThat(integer(hpa, "spec", "minReplicas")).isGreaterThanOrEqualTo(2);
            assertThat(integer(hpa, "spec", "maxReplicas")).isGreaterThan(integer(hpa, "spec", "minReplicas"));
            assertThat(at(workload(prod, "streamgate-" + system), "spec", "replicas"))
                    .as("the HPA owns the replica count").isNull();
        }
        assertThat(at(workload(prod, "streamgate-orders"), "spec", "replicas")).isEqualTo(3);
        assertThat(at(workload(prod, "streamgate-orderdetails"), "spec", "replicas")).isNotNull();
    }

    @Test
    void tripsReplicasShareTheInputPartitionsEvenlyAndKeepStandbys() {
        List<Map<String, Object>> prod = render("prod");
        Map<String, Object> trips = workload(prod, "streamgate-trips");
        int replicas = integer(trips, "spec", "replicas");
        int partitions = ClusterManifests.plannedTopics().stream()
                .mapToInt(ClusterManifests.PlannedTopic::partitions).min().orElseThrow();

        assertThat(replicas).isBetween(2, partitions);
        assertThat(partitions % replicas).as("%d partitions over %d replicas", partitions, replicas).isZero();
        assertThat(systemsConfig(prod, trips))
                .containsEntry("SPRING_KAFKA_STREAMS_PROPERTIES_NUM_STANDBY_REPLICAS", "1")
                .containsKey("STREAMS_STATE_DIR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    @SuppressWarnings("unchecked")
    void everyWorkloadIsProbedLimitedDrainedAndProtected(String overlay) {
        List<Map<String, Object>> rendered = render(overlay);
        for (Map<String, Object> workload : streamgateWorkloads(rendered)) {
            Map<String, Object> pod = map(workload, "spec", "template", "spec");
            Map<String, Object> main = mainContainer(workload);

            assertThat(at(main, "livenessProbe", "httpGet", "path")).isEqualTo("/livez");
            assertThat(at(main, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
            assertThat(map(main, "resources", "requests")).containsKeys("cpu", "memory");
            assertThat(map(main, "resources", "limits")).containsKey("memory");
            assertThat(integer(pod, "terminationGracePeriodSeconds"))
                    .as("preStop + HTTP drain (20 s) + producer flush (10 s)")
                    .isGreaterThanOrEqualTo(integer(main, "lifecycle", "preStop", "sleep", "seconds") + 30);
            assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
            assertThat(envFromConfigMaps(main)).anyMatch(n -> n.startsWith("streamgate-config"));
            assertThat(secretEnv(main)).containsEntry("DATABASE_PASSWORD", "streamgate-db-app")
                    .containsEntry("DATABASE_USERNAME", "streamgate-db-app");

            List<Map<String, Object>> init = list(pod.get("initContainers"));
            assertThat(init).extracting(c -> c.get("name")).containsExactly("register-schemas", "migrate");
            assertThat(init.get(1).get("image")).isEqualTo(main.get("image"));
            assertThat(init.get(1).get("command")).as("the image's entrypoint, the application").isNull();
            assertThat(strings(init.get(1).get("args"))).as("the app's migrate command").containsExactly("migrate");
            assertThat(envFromConfigMaps(init.get(1))).isEqualTo(envFromConfigMaps(main));

            Map<String, Object> podLabels = map(workload, "spec", "template", "metadata", "labels");
            assertThat(resources(rendered, "PodDisruptionBudget"))
                    .filteredOn(pdb -> podLabels.entrySet().containsAll(
                            (map(pdb, "spec", "selector", "matchLabels")).entrySet()))
                    .as("PodDisruptionBudget of %s", name(workload)).singleElement();
            assertThat(streamgateWorkloads(rendered))
                    .filteredOn(other -> (map(other, "spec", "template", "metadata", "labels"))
                            .entrySet().containsAll((map(workload, "spec", "selector",
                                    "matchLabels")).entrySet()))
                    .as("workloads matched by the selector of %s", name(workload)).hasSize(1);
        }
    }

    /**
     * TLS on every connection of every workload, as the application binds its environment: HTTPS only on its
     * listeners, from cert-manager's certificate (reloaded when renewed); Kafka over TLS as the workload's own KafkaUser
     * (prod: its system's), the brokers checked against Strimzi's cluster CA; the registry over HTTPS against the
     * namespace's CA; Postgres with {@code sslmode=verify-full} against CloudNativePG's CA. Each file a setting names
     * lies in a mounted Secret that holds that key, and the probes speak HTTPS.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyWorkloadReachesEveryServiceOverTlsWithTheCertificatesItMounts(String overlay) {
        List<Map<String, Object>> rendered = render(overlay);
        for (Map<String, Object> workload : streamgateWorkloads(rendered)) {
            String name = name(workload);
            Map<String, Object> pod = map(workload, "spec", "template", "spec");
            Map<String, Object> main = mainContainer(workload);
            var binder = ApplicationEnvironment.binder(environment(rendered, main));
            Function<String, String> setting = key -> binder.bind(key, String.class)
                    .orElseThrow(() -> new AssertionError(name + ": " + key + " is not set"));

            HttpSettings.Tls tls = binder.bindOrCreate("streamgate.http", HttpSettings.class).tls();
            assertThat(tls.required()).as(name).isTrue();
            String edge = "spring.ssl.bundle.pem." + tls.bundle();
            assertThat(secretFile(pod, main, setting.apply(edge + ".keystore.certificate")))
                    .isEqualTo("streamgate-edge-tls/tls.crt");
            assertThat(secretFile(pod, main, setting.apply(edge + ".keystore.private-key")))
                    .isEqualTo("streamgate-edge-tls/tls.key");
            assertThat(setting.apply(edge + ".reload-on-update")).isEqualTo("true");

            String kafkaUser = overlay.equals("dev") ? KafkaUsers.DEV_USER : name;
            assertThat(resources(rendered, "KafkaUser")).extracting(WorkloadManifestsTest::name).contains(kafkaUser);
            assertThat(setting.apply("spring.kafka.bootstrap-servers")).isEqualTo("streamgate-kafka-bootstrap:9093");
            assertThat(setting.apply("spring.kafka.security.protocol")).isEqualTo("SSL");
            String kafkaBundle = setting.apply("spring.kafka.ssl.bundle");
            assertThat(secretFile(pod, main, setting.apply("spring.ssl.bundle.pem." + kafkaBundle
                    + ".keystore.certificate"))).as(name).isEqualTo(kafkaUser + "/user.crt");
            assertThat(secretFile(pod, main, setting.apply("spring.ssl.bundle.pem." + kafkaBundle
                    + ".keystore.private-key"))).as(name).isEqualTo(kafkaUser + "/user.key");
            assertThat(secretFile(pod, main, setting.apply("spring.ssl.bundle.pem." + kafkaBundle
                    + ".truststore.certificate"))).isEqualTo(ClusterManifests.CLUSTER + "-cluster-ca-cert/ca.crt");

            assertThat(setting.apply("streamgate.schema-registry.url")).startsWith("https://apicurio-registry:8443/");
            String registryBundle = setting.apply("streamgate.schema-registry.ssl-bundle");
            assertThat(secretFile(pod, main, setting.apply("spring.ssl.bundle.pem." + registryBundle
                    + ".truststore.certificate"))).as("the CA of the issuer that signs the registry's certificate")
                    .isEqualTo(secretOfIssuer(rendered, "apicurio-registry") + "/ca.crt");

            String database = setting.apply("spring.datasource.url");
            assertThat(database).contains("sslmode=verify-full");
            assertThat(secretFile(pod, main, database.replaceFirst(".*sslrootcert=([^&]+).*", "$1")))
                    .isEqualTo("streamgate-db-ca/ca.crt");
            List<Map<String, Object>> init = list(pod.get("initContainers"));
            assertThat(secretFile(pod, init.get(1), database.replaceFirst(".*sslrootcert=([^&]+).*", "$1")))
                    .as("the migrate step reads the same CA").isEqualTo("streamgate-db-ca/ca.crt");
            assertThat(secretFile(pod, init.get(0), (String) environment(rendered, init.get(0))
                    .get("SCHEMA_REGISTRY_CA"))).as("the register-schemas step's CA")
                    .isEqualTo(secretOfIssuer(rendered, "apicurio-registry") + "/ca.crt");

            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(at(main, probe, "httpGet", "scheme")).as("%s of %s", probe, name).isEqualTo("HTTPS");
            }
        }
    }

    /**
     * The outbox relay publishes whichever outbox rows its shards hold, of any system: in prod, where each workload is
     * its own Kafka user, only a workload whose user may write every topic some system appends to the outbox may run
     * one, and at least one does. (A relay without the ACL fails its shards' publishes until the leases move.)
     */
    @Test
    void prodRelaysTheOutboxOnlyFromWorkloadsWhoseKafkaUserMayWriteEveryOutboxTopic() {
        List<Map<String, Object>> rendered = render("prod");
        Set<String> outboxTopics = new TreeSet<>();
        DiagramFacts.systems().values().forEach(system -> system.topics().stream()
                .filter(use -> use.role() == DiagramFacts.TopicRole.OUTBOX)
                .forEach(use -> outboxTopics.add(use.topic().name())));
        assertThat(outboxTopics).as("topics appended to the outbox").isNotEmpty();
        Map<String, List<KafkaUsers.Rule>> rules = KafkaUsers.rulesBySystem();

        List<String> relaying = new ArrayList<>();
        for (Map<String, Object> workload : streamgateWorkloads(rendered)) {
            String system = name(workload).substring("streamgate-".length());
            var binder = ApplicationEnvironment.binder(environment(rendered, mainContainer(workload)));
            if (binder.bind("streamgate.outbox.relay-enabled", Boolean.class).orElse(true)) {
                relaying.add(system);
                assertThat(rules.get(system).stream().filter(rule -> rule.resourceType().equals("topic")
                                && rule.patternType().equals("literal") && rule.operations().contains("Write"))
                        .map(KafkaUsers.Rule::name).toList())
                        .as("topics the %s workload, which relays the outbox, may write", system)
                        .containsAll(outboxTopics);
            }
        }
        assertThat(relaying).as("workloads relaying the outbox").isNotEmpty();
    }

    /** The Secret and key (secret/key) a file path in {@code container} reads: a mount of a Secret volume. */
    private static String secretFile(Map<String, Object> pod, Map<String, Object> container, String file) {
        for (Map<String, Object> mount : list(container.get("volumeMounts"))) {
            String path = (String) mount.get("mountPath");
            if (file.startsWith(path + "/")) {
                Map<String, Object> volume = list(pod.get("volumes")).stream()
                        .filter(v -> mount.get("name").equals(v.get("name"))).findFirst().orElseThrow();
                String secret = (String) at(volume, "secret", "secretName");
                assertThat(secret).as("the volume holding %s is a Secret", file).isNotNull();
                assertThat(mount.get("readOnly")).as("%s mounted read-only", path).isEqualTo(true);
                String key = file.substring(path.length() + 1);
                List<Map<String, Object>> items = list(at(volume, "secret", "items"));
                assertThat(items.isEmpty() || items.stream().anyMatch(i -> key.equals(i.get("path"))))
                        .as("%s projects %s", secret, key).isTrue();
                return secret + "/" + key;
            }
        }
        throw new AssertionError(file + " lies in no volume mounted in " + container.get("name"));
    }

    /** The Secret of the certificates signed by the issuer that signed {@code certificate}'s (its CA is ca.crt). */
    private static String secretOfIssuer(List<Map<String, Object>> rendered, String certificate) {
        Object issuer = at(resources(rendered, "Certificate").stream().filter(c -> certificate.equals(name(c)))
                .findFirst().orElseThrow(), "spec", "issuerRef", "name");
        return resources(rendered, "Certificate").stream()
                .filter(c -> issuer.equals(at(c, "spec", "issuerRef", "name")) && !certificate.equals(name(c)))
                .map(c -> (String) at(c, "spec", "secretName")).findFirst()
                .orElseThrow(() -> new AssertionError("no other certificate of issuer " + issuer));
    }

    /** A container's environment: its ConfigMaps, then its own variables (Secrets as a placeholder). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(List<Map<String, Object>> rendered, Map<String, Object> container) {
        Map<String, Object> variables = new java.util.TreeMap<>();
        for (String configMap : envFromConfigMaps(container)) {
            resources(rendered, "ConfigMap").stream().filter(c -> configMap.equals(name(c))).findFirst()
                    .ifPresent(c -> variables.putAll((Map<String, Object>) c.get("data")));
        }
        for (Map<String, Object> env : list(container.get("env"))) {
            variables.put((String) env.get("name"), env.get("value") != null ? env.get("value") : "secret");
        }
        return variables;
    }

    /** Deployments and StatefulSets running the Streamgate image (its main container is named streamgate). */
    static List<Map<String, Object>> streamgateWorkloads(List<Map<String, Object>> rendered) {
        return rendered.stream()
                .filter(r -> List.of("Deployment", "StatefulSet").contains(r.get("kind")))
                .filter(r -> list(at(r, "spec", "template", "spec", "containers")).stream()
                        .anyMatch(c -> "streamgate".equals(c.get("name"))))
                .toList();
    }

    static Map<String, Object> workload(List<Map<String, Object>> rendered, String name) {
        return streamgateWorkloads(rendered).stream().filter(w -> name.equals(name(w))).findFirst()
                .orElseThrow(() -> new AssertionError("no workload " + name));
    }

    /** The systems a workload runs: those STREAMGATE_SYSTEMS names, or all when it is empty (the app's rule). */
    static List<String> systemsSwitchedOn(List<Map<String, Object>> rendered, Map<String, Object> workload) {
        Map<String, Object> config = systemsConfig(rendered, workload);
        assertThat(config).as("STREAMGATE_SYSTEMS in %s", name(workload)).containsKey("STREAMGATE_SYSTEMS");
        List<String> named = java.util.Arrays.stream(String.valueOf(config.get("STREAMGATE_SYSTEMS")).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        assertThat(SYSTEMS).as("systems named in %s", name(workload)).containsAll(named);
        return named.isEmpty() ? SYSTEMS : SYSTEMS.stream().filter(named::contains).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> systemsConfig(List<Map<String, Object>> rendered, Map<String, Object> workload) {
        String configMap = envFromConfigMaps(mainContainer(workload)).stream()
                .filter(n -> n.startsWith("streamgate-systems")).findFirst()
                .orElseThrow(() -> new AssertionError("no streamgate-systems ConfigMap in " + name(workload)));
        return resources(rendered, "ConfigMap").stream().filter(c -> configMap.equals(name(c)))
                .map(c -> (Map<String, Object>) c.get("data")).findFirst()
                .orElseThrow(() -> new AssertionError("ConfigMap " + configMap + " not rendered"));
    }

    /**
     * What each prod workload's container will read, bound as the application binds it from the container's
     * environment: its systems, and a Kafka Streams state directory on a volume it may write (the root file system
     * is read-only). The trips overlay once set Spring Kafka's state-dir variable, which the platform's own
     * {@code streamgate.streams.state-dir} overrides, so the join would have written under the read-only home.
     */
    @Test
    void prodWorkloadsGetTheSettingsTheApplicationReads() {
        List<Map<String, Object>> prod = render("prod");
        for (Map<String, Object> workload : streamgateWorkloads(prod)) {
            Map<String, Object> container = mainContainer(workload);
            Map<String, Object> variables = new java.util.TreeMap<>();
            for (String configMap : envFromConfigMaps(container)) {
                resources(prod, "ConfigMap").stream().filter(c -> configMap.equals(name(c))).findFirst()
                        .ifPresent(c -> variables.putAll((Map<String, Object>) c.get("data")));
            }
            for (Map<String, Object> env : list(container.get("env"))) {
                variables.put((String) env.get("name"), env.get("value") != null ? env.get("value") : "secret");
            }
            var binder = ApplicationEnvironment.binder(variables);

            String system = name(workload).substring("streamgate-".length());
            assertThat(binder.bind("streamgate.systems", String.class).get()).as(name(workload)).isEqualTo(system);
            java.nio.file.Path stateDir = binder.bind("streamgate.streams.state-dir", java.nio.file.Path.class).get();
            List<String> writable = list(container.get("volumeMounts")).stream()
                    .filter(mount -> !Boolean.TRUE.equals(mount.get("readOnly")))
                    .map(mount -> (String) mount.get("mountPath")).toList();
            assertThat(stateDir.isAbsolute()).as("state dir %s of %s", stateDir, name(workload)).isTrue();
            assertThat(writable).as("a writable volume holding %s in %s", stateDir, name(workload))
                    .anyMatch(mount -> stateDir.startsWith(mount));
        }
    }

    private static Map<String, Object> mainContainer(Map<String, Object> workload) {
        return list(at(workload, "spec", "template", "spec", "containers")).stream()
                .filter(c -> "streamgate".equals(c.get("name"))).findFirst().orElseThrow();
    }

    private static List<Integer> ports(Map<String, Object> container) {
        return list(container.get("ports")).stream().map(p -> (Integer) p.get("containerPort")).toList();
    }

    private static List<String> envFromConfigMaps(Map<String, Object> container) {
        return list(container.get("envFrom")).stream().map(e -> (String) at(e, "configMapRef", "name"))
                .filter(Objects::nonNull).toList();
    }

    private static Map<String, String> secretEnv(Map<String, Object> container) {
        Map<String, String> secrets = new java.util.TreeMap<>();
        for (Map<String, Object> env : list(container.get("env"))) {
            Object secret = at(env, "valueFrom", "secretKeyRef", "name");
            if (secret != null) {
                secrets.put((String) env.get("name"), (String) secret);
            }
        }
        return secrets;
    }

    static List<Map<String, Object>> resources(List<Map<String, Object>> rendered, String kind) {
        return rendered.stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    static String name(Map<String, Object> resource) {
        return (String) at(resource, "metadata", "name");
    }

    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        Object value = at(node, path);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    static Integer integer(Object node, String... path) {
        return (Integer) at(node, path);
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object node) {
        return node == null ? List.of() : (List<String>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object node) {
        return node == null ? List.of() : (List<Map<String, Object>>) node;
    }
}
