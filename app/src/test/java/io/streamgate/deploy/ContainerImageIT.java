package io.streamgate.deploy;

import io.streamgate.devstack.DevCertificates;
import io.streamgate.devstack.DevStack;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.payments.Payment;
import io.streamgate.support.TlsClients;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static io.streamgate.deploy.ClusterManifestsTest.ROOT;
import static io.streamgate.deploy.ClusterManifestsTest.render;
import static io.streamgate.deploy.WorkloadManifestsTest.at;
import static io.streamgate.deploy.WorkloadManifestsTest.list;
import static io.streamgate.deploy.WorkloadManifestsTest.map;
import static io.streamgate.deploy.WorkloadManifestsTest.name;
import static io.streamgate.deploy.WorkloadManifestsTest.resources;
import static io.streamgate.deploy.WorkloadManifestsTest.strings;
import static io.streamgate.deploy.WorkloadManifestsTest.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The image does what the Kubernetes manifests ask of it, on every {@code ./mvnw verify}: the image Jib built in this
 * build ({@code target/jib-image.tar}, profile {@code container-proof}) runs under podman with exactly the prod
 * overlay's arguments, environment (ConfigMaps, with the cluster's addresses replaced by the test JVM's embedded
 * stack: its Kafka TLS listener, its registry's HTTPS port, its Postgres), mounted Secrets (their files made from the
 * stack's CA: the edge certificate, each role's Kafka client certificate, the CAs), user, read-only root filesystem
 * and limits ({@link PodContainer}). So every connection is TLS, as in the cluster: HTTPS only to the containers, Kafka
 * as each role's own KafkaUser with only its ACLs, the registry over HTTPS, Postgres with {@code sslmode=verify-full}.
 *
 * <ol>
 *   <li>What the cluster does before a pod starts: the topics of the {@code KafkaTopic} resources (Strimzi's job;
 *       the dev overlay's, one broker), the ACLs of the prod {@code KafkaUser} resources (Strimzi's user operator's),
 *       the {@code register-schemas} init container's script on the host (its image, curl, cannot be pulled here),
 *       and the {@code migrate} init container of each role, at once, as a rollout of every workload would, on an
 *       empty database: each must exit 0.</li>
 *   <li>Three workloads of the prod overlay from the one image (payments, orders, order details), each with only its
 *       system switched on: {@code /readyz} UP within the startup probe's budget, uid 10001, heap sized from the
 *       memory limit, HTTPS only (HSTS; plain HTTP refused).</li>
 *   <li>An order created with {@code POST /create-order} on the orders container is read with
 *       {@code GET /order-details} on the order-details container's order-details port; neither serves the other's
 *       routes.</li>
 *   <li>A payment is 201 and its record is in {@code payments}. Then {@code SIGTERM} under load: every 2xx answer's
 *       payment is in the topic (decoded through the registry), once, and the container exits within the grace period
 *       less the preStop sleep (the kubelet signals after it).</li>
 * </ol>
 *
 * Needs podman and runc: in CI ({@code CI} set) their absence fails, elsewhere it skips saying so. Container logs:
 * {@code target/containers/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImageIT {

    private static final List<String> ROLES = List.of("payments", "orders", "orderdetails");
    private static final Path LOGS = Path.of("target", "containers").toAbsolutePath();
    private static final String RUN = "streamgate-proof-" + ProcessHandle.current().pid();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The one HSTS header the prod profile sends: HTTPS only, a year. */
    private static final String HSTS = "max-age=31536000";

    /** HTTPS, trusting the stack's CA, which signed the certificate the containers serve. */
    private static HttpClient https;

    private static Podman podman;
    private static DevStack stack;
    private static String image;
    private static List<Map<String, Object>> prod;
    /** The clients' API key, made by the image's {@code api-keys} command after the migrations. */
    private static volatile String apiKey;
    /** What the cluster's Secrets hold, here from the stack's CA: by Secret name, key → content. */
    private static Map<String, Map<String, String>> secrets;
    /** Role → its running container. */
    private static final Map<String, Started> STARTED = new LinkedHashMap<>();

    /** A main container started from a role's workload, on free host ports. */
    private record Started(String name, PodContainer spec, int port, int orderDetailsPort) {

        String url(String path) {
            return "https://127.0.0.1:" + port + path;
        }
    }

    @BeforeAll
    static void loadTheImageAndStartTheStack() {
        Path tarball = Path.of(System.getProperty("streamgate.image.tar", "target/jib-image.tar"));
        if (!Files.isRegularFile(tarball)) {
            String message = tarball + " missing: ./mvnw verify builds it on Linux (profile container-proof)";
            if (System.getenv("CI") != null) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        podman = Podman.require(ROOT);
        long begin = System.nanoTime();
        // podman load (seconds) while the stack starts (half a minute).
        CompletableFuture<String> loaded = CompletableFuture.supplyAsync(() -> podman.load(tarball));
        prod = render("prod");
        stack = DevStack.shared();
        image = loaded.join();
        secrets = secretsOf(stack);
        // The JDK client's connect timeout covers the TLS handshake, which a container under load (the SIGTERM
        // test's eight clients, a busy machine) may take seconds to answer; a port nobody listens on fails at once.
        https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .sslContext(TlsClients.trusting(stack.certificates().caCertificate())).build();
        System.out.printf("Image %s loaded and the stack started in %d ms%n", image,
                (System.nanoTime() - begin) / 1_000_000);
    }

    @AfterAll
    static void removeTheContainersAndTheImage() {
        if (podman == null) {
            return;
        }
        for (Started started : STARTED.values()) {
            podman.logs(started.name(), LOGS);
            podman.remove(started.name());
        }
        if (image != null) {
            podman.removeImageIfUnused(image);
        }
    }

    @Test
    @Order(1)
    void initContainersPrepareAnEmptyStackForEveryRole() throws Exception {
        createTheTopicsOfTheKafkaTopicResources();
        assertThat(ClusterManifests.applyTheAclsOfTheKafkaUserResources("prod", stack.bootstrapServers()))
                .as("what Strimzi's user operator makes of the KafkaUsers: ACLs of each role's user")
                .containsAll(ROLES.stream().map(role -> "streamgate-" + role).toList());
        registerSchemasAsTheInitContainerDoes();

        Map<String, CompletableFuture<Podman.Result>> migrations = new LinkedHashMap<>();
        for (String role : ROLES) {
            PodContainer migrate = container(role, "migrate");
            migrations.put(role, CompletableFuture.supplyAsync(() -> podman.runToEnd(RUN + "-migrate-" + role,
                    withHostNetwork(migrate.runOptions()), image, migrate.args(), Duration.ofMinutes(3))));
        }
        for (Map.Entry<String, CompletableFuture<Podman.Result>> migration : migrations.entrySet()) {
            Podman.Result result = migration.getValue().join();
            Files.createDirectories(LOGS);
            Files.writeString(LOGS.resolve(RUN + "-migrate-" + migration.getKey() + ".log"), result.output());
            assertThat(result.exitCode()).as("the migrate init container of %s (%s) exited with:%n%s",
                    migration.getKey(), result.command(), Podman.tail(result.output(), 40)).isZero();
        }

        // The prod profile authenticates every route but the probes: an operator makes the clients' key with the
        // image's own command, in a one-off container with the migrate step's environment.
        PodContainer operator = container(ROLES.getFirst(), "migrate");
        Podman.Result created = podman.runToEnd(RUN + "-api-keys", withHostNetwork(operator.runOptions()), image,
                List.of("api-keys", "create", "--name", "container-proof-" + RUN, "--scopes",
                        "payments:write,orders:write,orders:read"), Duration.ofMinutes(2));
        assertThat(created.exitCode()).as("api-keys create:%n%s", Podman.tail(created.output(), 40)).isZero();
        apiKey = created.output().lines().filter(line -> line.startsWith("sgk_")).findFirst()
                .orElseThrow(() -> new AssertionError("no key in: " + created.output()));

        try (Connection database = DriverManager.getConnection(stack.jdbcUrl(), stack.postgres().username(),
                stack.postgres().password());
             ResultSet tables = database.createStatement().executeQuery(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            assertThat(names).as("tables after the init containers").contains("flyway_schema_history",
                    "idempotency_keys", "outbox_events", "flyway_history_orders", "orders",
                    "flyway_history_orderdetails", "flyway_history_payments");
        }
    }

    @Test
    @Order(2)
    void eachRoleStartsFromTheImageAsItsWorkloadSays() throws Exception {
        for (String role : ROLES) {
            int port = freePort();
            int orderDetailsPort = freePort();
            // Host networking: each container gets free ports instead of the pod's own 8000 and 8001.
            PodContainer spec = container(role, "streamgate").adding(Map.of("PORT", Integer.toString(port),
                    "ORDER_DETAILS_PORT", Integer.toString(orderDetailsPort)));
            String name = podman.start(RUN + "-" + role, withHostNetwork(spec.runOptions()), image, spec.args());
            STARTED.put(role, new Started(name, spec, port, orderDetailsPort));
        }
        long begin = System.nanoTime();
        for (Started started : STARTED.values()) {
            awaitReady(started);
        }
        System.out.printf("%s ready %d ms after they were started%n", STARTED.keySet(),
                (System.nanoTime() - begin) / 1_000_000);

        for (Started started : STARTED.values()) {
            String log = podman.logs(started.name(), LOGS);
            assertThat(log).as("%s runs with the prod profile", started.name())
                    .contains("The following 1 profile is active: \"prod\"")
                    // netty-tcnative's library extracted to the tmpfs /tmp and loaded with the image's glibc.
                    .as("%s serves HTTPS with OpenSSL", started.name())
                    .contains("TLS engine: OpenSSL (BoringSSL through netty-tcnative)")
                    .doesNotContain("enable-native-access");
            assertThat(podman.inspect(started.name(), "{{.HostConfig.ReadonlyRootfs}}")).isEqualTo("true");
            assertThat(podman.uids(started.name())).as("uids of the process in %s", started.name())
                    .containsOnly("10001");
            long heapMax = metric(started, "jvm.memory.max", "area:heap").longValue();
            long limit = started.spec().memoryLimitBytes();
            assertThat(heapMax).as("max heap of %s under a %d byte limit", started.name(), limit)
                    .isBetween(limit / 2, limit * 8 / 10);
            assertThat(send("GET", started.url("/livez"), null).headers().firstValue("Strict-Transport-Security"))
                    .as("%s serves HTTPS only", started.name()).hasValue(HSTS);
            assertThat(metric(started, "streamgate.http.tls.handshakes", "engine:OpenSSL").doubleValue())
                    .as("TLS handshakes by OpenSSL in %s", started.name()).isPositive();
            assertThat(metric(started, "streamgate.http.tls.handshakes", "engine:JDK").doubleValue())
                    .as("TLS handshakes by the JDK's engine in %s", started.name()).isZero();
            assertThatThrownBy(() -> send("GET", "http://127.0.0.1:" + started.port() + "/livez", null))
                    .as("plain HTTP to %s", started.name()).isInstanceOf(IOException.class);
            System.out.printf("%s: max heap %d MiB under a %d MiB limit%n", started.name(), heapMax >> 20, limit >> 20);
        }
    }

    @Test
    @Order(3)
    void anOrderCreatedOnTheOrdersContainerIsReadOnTheOrderDetailsContainer() throws Exception {
        Started orders = STARTED.get("orders");
        Started details = STARTED.get("orderdetails");
        assertThat(orders).as("the orders container (started by the test before)").isNotNull();
        String orderId = "ORDER-" + UUID.randomUUID();

        HttpResponse<String> created = send("POST", orders.url("/create-order"),
                "{\"orderId\": \"" + orderId + "\", \"itemsCount\": 3}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode order = JSON.readTree(created.body()).get("order");

        String detailsUrl = "https://127.0.0.1:" + details.orderDetailsPort() + "/order-details?orderId=" + orderId;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> send("GET", detailsUrl, null).statusCode() == 200);
        JsonNode read = JSON.readTree(send("GET", detailsUrl, null).body());
        assertThat(read.get("orderId").asString()).isEqualTo(orderId);
        assertThat(read.get("customerId").asString()).isEqualTo(order.get("customerId").asString());
        assertThat(read.get("totalAmount").decimalValue()).isEqualByComparingTo(order.get("totalAmount").decimalValue());
        assertThat(read.get("items").size()).isEqualTo(3);

        assertThat(send("GET", orders.url("/order-details?orderId=" + orderId), null).statusCode())
                .as("order details on the orders container").isEqualTo(404);
        assertThat(send("POST", details.url("/create-order"), "{\"orderId\": \"ORDER-X\", \"itemsCount\": 1}")
                .statusCode()).as("create-order on the order-details container").isEqualTo(404);
    }

    @Test
    @Order(4)
    void aPaymentIsAcknowledgedAndNoAcceptedOneIsLostWhenTheContainerStopsUnderLoad() throws Exception {
        Started payments = STARTED.get("payments");
        assertThat(payments).as("the payments container (started by the test before)").isNotNull();
        try (TopicProbe<Payment> topic = TopicProbe.from(stack.bootstrapServers(), stack.registryUrl(),
                Topics.PAYMENTS)) {
            HttpResponse<String> seed = send("POST", payments.url("/payments"),
                    "{\"amount\": 99.99, \"currency\": \"USD\", \"customer_id\": \"CUST-1234\"}");
            assertThat(seed.statusCode()).as(seed.body()).isEqualTo(201);
            JsonNode accepted = JSON.readTree(seed.body());
            assertThat(accepted.get("status").asString()).isEqualTo("delivered");
            Payment record = topic.awaitRecord(r -> r.value().getPaymentId().toString()
                    .equals(accepted.get("payment_id").asString())).value();
            assertThat(record.getAmount()).isEqualByComparingTo(new BigDecimal("99.99"));
            assertThat(record.getCustomerId()).isEqualTo("CUST-1234");

            List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean signalled = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            long signalledAt;
            long exitedAfterMillis;
            List<Future<?>> clients = new ArrayList<>();
            try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int client = 0; client < 8; client++) {
                    String customer = "CUST-LOAD" + client;
                    clients.add(load.submit(() -> postUntilStopped(payments, customer, answers, signalled, stop)));
                }
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> accepted(answers).size() >= 300 || clients.stream().anyMatch(Future::isDone));

                // From here a refused connection is the server going away, not a failure of the load.
                signalled.set(true);
                podman.signal(payments.name(), "TERM");
                signalledAt = System.nanoTime();
                // The kubelet sends SIGTERM after the preStop hook, and SIGKILL at the end of the grace period.
                int budget = payments.spec().terminationGracePeriodSeconds() - payments.spec().preStopSleepSeconds();
                await().atMost(Duration.ofSeconds(budget)).pollInterval(Duration.ofMillis(250))
                        .until(() -> !podman.isRunning(payments.name()));
                exitedAfterMillis = (System.nanoTime() - signalledAt) / 1_000_000;
                stop.set(true);
            }
            for (Future<?> client : clients) {
                client.get(); // a client that failed before the signal fails the test with its cause
            }

            assertThat(podman.inspect(payments.name(), "{{.State.ExitCode}}"))
                    .as("exit code: 143 is the JVM ending on SIGTERM after its shutdown hooks (137 would be a kill)")
                    .isEqualTo("143");
            List<Answer> acknowledged = accepted(answers);
            assertThat(acknowledged.stream().filter(a -> a.receivedAt() > signalledAt))
                    .as("2xx answers received after SIGTERM: requests in flight were drained, not cut")
                    .isNotEmpty();

            Set<String> acknowledgedIds = acknowledged.stream().map(Answer::paymentId).collect(Collectors.toSet());
            assertThat(acknowledgedIds).hasSameSizeAs(acknowledged);
            await().atMost(Duration.ofSeconds(30)).until(() -> idsIn(topic.drain()).keySet()
                    .containsAll(acknowledgedIds));
            Map<String, Long> inTopic = idsIn(topic.drain());
            assertThat(inTopic).as("payments in the topic more than once").allSatisfy((id, count) ->
                    assertThat(count).as(id).isOne());
            System.out.printf("SIGTERM under load: answers by status %s, %d acknowledged (%d after the signal), "
                            + "all in %s; exited %d ms after the signal%n",
                    answers.stream().collect(Collectors.groupingBy(Answer::status, java.util.TreeMap::new,
                            Collectors.counting())), acknowledged.size(),
                    acknowledged.stream().filter(a -> a.receivedAt() > signalledAt).count(), Topics.PAYMENTS.name(),
                    exitedAfterMillis);
        }
    }

    /** One answer to a payment of the load: status, payment id when 2xx, when it arrived. */
    private record Answer(int status, String paymentId, long receivedAt) {
    }

    private static List<Answer> accepted(List<Answer> answers) {
        synchronized (answers) {
            return answers.stream().filter(a -> a.status() / 100 == 2).toList();
        }
    }

    private static void postUntilStopped(Started payments, String customer, List<Answer> answers,
                                         AtomicBoolean signalled, AtomicBoolean stop) {
        String body = "{\"amount\": 12.34, \"currency\": \"EUR\", \"customer_id\": \"" + customer + "\"}";
        while (!stop.get()) {
            try {
                HttpResponse<String> response = send("POST", payments.url("/payments"), body);
                String id = response.statusCode() / 100 == 2
                        ? JSON.readTree(response.body()).get("payment_id").asString() : null;
                answers.add(new Answer(response.statusCode(), id, System.nanoTime()));
            } catch (IOException e) {
                if (signalled.get()) {
                    return; // the server has closed: this client is done
                }
                throw new UncheckedIOException("payment load before SIGTERM", e);
            }
        }
    }

    private static Map<String, Long> idsIn(List<ConsumerRecord<String, Payment>> records) {
        return records.stream().collect(Collectors.groupingBy(r -> r.value().getPaymentId().toString(),
                Collectors.counting()));
    }

    /**
     * The prod overlay's container of a role's workload, with this machine's addresses for the cluster's: the stack's
     * Kafka TLS listener, its registry's HTTPS port and its Postgres. The rest of each value (TLS settings, the CA
     * files in the mounted Secrets) is the manifests'.
     */
    private static PodContainer container(String role, String container) {
        PodContainer spec = PodContainer.of(prod, "streamgate-" + role, container, secrets);
        return spec.replacing(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", local(spec, "KAFKA_BOOTSTRAP_SERVERS", "streamgate-kafka-bootstrap:9093",
                        stack.kafka().tlsBootstrapServers()),
                "SCHEMA_REGISTRY_URL", localRegistry(spec.environment()),
                "DATABASE_URL", local(spec, "DATABASE_URL", "streamgate-db-rw:5432",
                        "127.0.0.1:" + stack.postgres().port())));
    }

    /** The value of {@code variable} with the cluster's address in it replaced by this machine's. */
    private static String local(PodContainer spec, String variable, String clusterAddress, String localAddress) {
        String value = spec.environment().get(variable);
        assertThat(value).as("%s of %s/%s", variable, spec.workload(), spec.container()).contains(clusterAddress);
        return value.replace(clusterAddress, localAddress);
    }

    private static String localRegistry(Map<String, String> environment) {
        String local = environment.get("SCHEMA_REGISTRY_URL").replace("apicurio-registry:8443",
                URI.create(stack.registry().httpsUrl()).getAuthority());
        assertThat(local).as("the registry's API over HTTPS").isEqualTo(stack.registry().httpsUrl());
        return local;
    }

    /**
     * What the cluster's Secrets hold, made from the stack's CA: the database credentials (CloudNativePG's), the edge
     * certificate (cert-manager's: the stack's server certificate, for 127.0.0.1 and localhost, with the CA), each
     * role's KafkaUser's client certificate (Strimzi's: {@code CN=streamgate-<role>}, the broker's ACLs name it), and
     * the CAs of the Kafka cluster and of Postgres, which signed the stack's server certificate.
     */
    private static Map<String, Map<String, String>> secretsOf(DevStack stack) {
        DevCertificates certificates = stack.certificates();
        String ca = read(certificates.caCertificate());
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        secrets.put("streamgate-db-app", Map.of("username", stack.postgres().username(),
                "password", stack.postgres().password()));
        secrets.put("streamgate-edge-tls", Map.of("tls.crt", read(certificates.serverCertificate()),
                "tls.key", read(certificates.serverKey()), "ca.crt", ca));
        secrets.put(ClusterManifests.CLUSTER + "-cluster-ca-cert", Map.of("ca.crt", ca));
        secrets.put("streamgate-db-ca", Map.of("ca.crt", ca));
        for (String role : ROLES) {
            DevCertificates.Client user = certificates.client("streamgate-" + role);
            secrets.put(user.name(), Map.of("user.crt", read(user.certificate()), "user.key", read(user.key()),
                    "ca.crt", ca));
        }
        return secrets;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> withHostNetwork(List<String> options) {
        List<String> all = new ArrayList<>(List.of("--network=host"));
        all.addAll(options);
        return all;
    }

    /** What Strimzi's topic operator makes of the {@code KafkaTopic} resources (the dev overlay's: one broker). */
    private static void createTheTopicsOfTheKafkaTopicResources() {
        assertThat(ClusterManifests.createTheTopicsOfTheKafkaTopicResources("dev", stack.bootstrapServers()))
                .contains(Topics.PAYMENTS.name(), Topics.ORDER_EVENTS.name());
    }

    /**
     * The {@code register-schemas} init container on the host: its command, with its ConfigMap volumes written to a
     * directory, its ConfigMap environment and the stack's registry. Then every schema file is a subject.
     */
    @SuppressWarnings("unchecked")
    private static void registerSchemasAsTheInitContainerDoes() throws Exception {
        Map<String, Object> pod = map(workload(prod, "streamgate-payments"), "spec", "template", "spec");
        Map<String, Object> init = list(pod.get("initContainers")).stream()
                .filter(c -> "register-schemas".equals(c.get("name"))).findFirst().orElseThrow();
        Path volumes = Files.createTempDirectory("register-schemas");
        Map<String, Path> mounts = new LinkedHashMap<>();
        List<String> schemaFiles = new ArrayList<>();
        for (Map<String, Object> mount : list(init.get("volumeMounts"))) {
            Map<String, Object> volume = list(pod.get("volumes")).stream()
                    .filter(v -> mount.get("name").equals(v.get("name"))).findFirst().orElseThrow();
            if (volume.containsKey("secret")) {
                mounts.put((String) mount.get("mountPath"), PodContainer.secretFiles(map(volume, "secret"), secrets));
                continue;
            }
            String configMap = (String) at(volume, "configMap", "name");
            Path directory = Files.createDirectories(volumes.resolve((String) mount.get("name")));
            Map<String, String> data = (Map<String, String>) resources(prod, "ConfigMap").stream()
                    .filter(c -> configMap.equals(name(c))).findFirst().orElseThrow().get("data");
            for (Map.Entry<String, String> file : data.entrySet()) {
                Files.writeString(directory.resolve(file.getKey()), file.getValue());
                if (file.getKey().endsWith(".json")) {
                    schemaFiles.add(file.getKey().replaceFirst("\\.json$", ""));
                }
            }
            mounts.put((String) mount.get("mountPath"), directory);
        }
        List<String> command = new ArrayList<>();
        for (String part : strings(init.get("command"))) {
            command.add(onTheHost(part, mounts));
        }
        command.addAll(strings(init.get("args")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        for (Map<String, Object> source : list(init.get("envFrom"))) {
            String configMap = (String) at(source, "configMapRef", "name");
            builder.environment().putAll((Map<String, String>) resources(prod, "ConfigMap").stream()
                    .filter(c -> configMap.equals(name(c))).findFirst().orElseThrow().get("data"));
        }
        builder.environment().replaceAll((variable, value) -> onTheHost(value, mounts));
        assertThat(builder.environment()).containsKey("SCHEMA_REGISTRY_URL").containsKey("SCHEMA_REGISTRY_CA");
        builder.environment().put("SCHEMA_REGISTRY_URL", localRegistry(builder.environment()));
        assertThat(mounts).containsKey("/schemas");
        builder.environment().put("SCHEMAS_DIR", mounts.get("/schemas").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("register-schemas:%n%s", output).isZero();

        String subjects = send("GET", stack.registry().httpsUrl() + "/subjects", null).body();
        assertThat(JSON.readTree(subjects).valueStream().map(JsonNode::asString).toList())
                .as("subjects after register-schemas").containsAll(schemaFiles).isNotEmpty();
    }

    /** A path in the container, in one of its mounts, as the path of the directory that stands for the mount. */
    private static String onTheHost(String value, Map<String, Path> mounts) {
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            if (value.startsWith(mount.getKey() + "/")) {
                return mount.getValue() + value.substring(mount.getKey().length());
            }
        }
        return value;
    }

    private static void awaitReady(Started started) {
        await().atMost(Duration.ofSeconds(started.spec().startupSeconds())).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    if (!podman.isRunning(started.name())) {
                        fail(started.name() + " exited before it was ready:\n"
                                + Podman.tail(podman.logs(started.name(), LOGS), 60));
                    }
                    try {
                        HttpResponse<String> ready = send("GET", started.url("/readyz"), null);
                        return ready.statusCode() == 200 && ready.body().contains("\"status\":\"UP\"");
                    } catch (IOException notListeningYet) {
                        return false;
                    }
                });
    }

    private static Number metric(Started started, String metric, String tag) throws Exception {
        HttpResponse<String> response = send("GET", started.url("/actuator/metrics/" + metric + "?tag=" + tag), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("measurements").get(0).get("value").numberValue();
    }

    private static HttpResponse<String> send(String method, String url, String json) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
