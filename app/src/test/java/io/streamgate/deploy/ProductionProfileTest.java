package io.streamgate.deploy;

import io.streamgate.devstack.DevCertificates;
import io.streamgate.devstack.DevStack;
import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.platform.edge.AdditionalPort;
import io.streamgate.platform.security.ApiKeysCommand;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.payments.Payment;
import io.streamgate.support.Bodies;
import io.streamgate.support.SecondApplication;
import io.streamgate.support.TlsClients;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.streamgate.deploy.ClusterManifestsTest.render;
import static io.streamgate.deploy.WorkloadManifestsTest.name;
import static io.streamgate.deploy.WorkloadManifestsTest.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same artifact in production shape, with TLS on every connection, configured with the settings the Kubernetes
 * overlay gives (the {@code prod} profile, SSL bundles of PEM files, standard Kafka client settings,
 * {@code sslmode=verify-full}), against the shared stack's TLS side: HTTPS only on both listeners (HSTS a year), Kafka
 * over TLS as a client certificate allowed only what the prod KafkaUsers of payments, orders and order details allow
 * (applied to the broker's ACLs from the rendered manifests), the registry over HTTPS, Postgres over verified TLS;
 * the embedded stack off, registration off ({@code use-latest}: the schemas are registered first, as the deployment's
 * init step does), authentication on (an API key made by the jar's {@code api-keys} command), the dashboard off.
 * Through it: a payment, an order, and the order read back on the order-details port.
 */
class ProductionProfileTest {

    /** The client certificate the application runs as: CN=streamgate-tls-test. */
    private static final String USER = "streamgate-tls-test";
    /** Its consumer group, its own on the shared broker, so that its consumer is the one that reads the order. */
    private static final String GROUP = "streamgate.orderdetails.tls-test";
    private static final String PAYMENT = "{\"amount\": 10, \"currency\": \"USD\", \"customer_id\": \"PROD-1\"}";

    @Test
    void shouldServePaymentsOrdersAndOrderDetailsWithTlsOnEveryConnection() throws Exception {
        DevStack stack = DevStack.shared();
        DevCertificates certificates = stack.certificates();
        ClusterManifests.createTheTopicsOfTheKafkaTopicResources("dev", stack.bootstrapServers());
        registerTheCatalogueSchemas(stack);
        allowTheManifestsAclsOf(List.of("payments", "orders", "orderdetails"), stack);
        DevCertificates.Client client = certificates.client(USER);
        String ca = certificates.caCertificate().toString();

        try (TopicProbe<Payment> payments = TopicProbe.from(stack.bootstrapServers(), stack.registryUrl(),
                Topics.PAYMENTS);
             TopicProbe<OrderEvent> orderEvents = TopicProbe.from(stack.bootstrapServers(), stack.registryUrl(),
                     Topics.ORDER_EVENTS);
             ConfigurableApplicationContext app = SecondApplication.start(
                     "--spring.profiles.active=prod",
                     "--streamgate.systems=payments,orders,orderdetails",
                     "--streamgate.orderdetails.consumer-group=" + GROUP,
                     "--streamgate.topics.provision=false",
                     "--spring.ssl.bundle.pem.edge.keystore.certificate=" + certificates.serverCertificate(),
                     "--spring.ssl.bundle.pem.edge.keystore.private-key=" + certificates.serverKey(),
                     "--spring.ssl.bundle.pem.edge.reload-on-update=true",
                     "--spring.ssl.bundle.pem.edge.options.enabled-protocols=TLSv1.3,TLSv1.2",
                     "--spring.kafka.bootstrap-servers=" + stack.kafka().tlsBootstrapServers(),
                     "--spring.kafka.security.protocol=SSL",
                     "--spring.kafka.ssl.bundle=kafka",
                     "--spring.ssl.bundle.pem.kafka.keystore.certificate=" + client.certificate(),
                     "--spring.ssl.bundle.pem.kafka.keystore.private-key=" + client.key(),
                     "--spring.ssl.bundle.pem.kafka.truststore.certificate=" + ca,
                     "--streamgate.schema-registry.url=" + stack.registry().httpsUrl(),
                     "--streamgate.schema-registry.ssl-bundle=registry",
                     "--spring.ssl.bundle.pem.registry.truststore.certificate=" + ca,
                     "--spring.datasource.url=" + stack.postgres().tlsJdbcUrl(),
                     "--spring.datasource.username=" + stack.postgres().username(),
                     "--spring.datasource.password=" + stack.postgres().password())) {
            assertThat(app.getBeanNamesForType(DevStack.class)).isEmpty();
            assertThat(app.getEnvironment().getProperty("streamgate.schema-registry.mode")).isEqualTo("use-latest");
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            int orderDetailsPort = app.getBean("orderDetailsPort", AdditionalPort.class).port();
            WebTestClient https = TlsClients.webTestClient(port, certificates.caCertificate());

            // HTTPS only, on both listeners; a year of HSTS.
            for (int listener : new int[]{port, orderDetailsPort}) {
                assertThat(plainHttpTo(listener)).as("plain HTTP to port %d", listener).doesNotStartWith("HTTP/");
            }
            https.get().uri("/livez").exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("Strict-Transport-Security", "max-age=31536000");

            // Authentication on: nothing without credentials; an API key from the jar's command.
            https.post().uri("/payments").contentType(MediaType.APPLICATION_JSON).bodyValue(PAYMENT).exchange()
                    .expectStatus().isUnauthorized();
            String key = apiKey(stack, "payments:write,orders:write,orders:read");
            // The live dashboard is off unless switched on (DASHBOARD_ENABLED=true): not there, also for a caller.
            https.get().uri("/dashboard/").header("X-API-Key", key).exchange().expectStatus().isNotFound();
            https.get().uri("/dashboard/stream").header("X-API-Key", key).exchange().expectStatus().isNotFound();

            // A payment: 201 over HTTP/2, its record in the topic.
            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .sslContext(TlsClients.trusting(certificates.caCertificate())).build();
            HttpResponse<String> paid = h2.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                    + "/payments")).header("Content-Type", "application/json").header("X-API-Key", key)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(PAYMENT)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
            assertThat(paid.version()).isEqualTo(HttpClient.Version.HTTP_2);
            UUID paymentId = UUID.fromString(JsonMapper.builder().build().readTree(paid.body()).path("payment_id").asString());
            assertThat(payments.awaitRecord(r -> r.value().getPaymentId().equals(paymentId)).key()).isEqualTo("PROD-1");

            // An order: through the outbox into order-events, consumed by this application's consumer (its group's
            // offset passes the event), read on the order-details port.
            String orderId = "ORDER-TLS-" + UUID.randomUUID();
            https.post().uri("/create-order").header("X-API-Key", key).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"orderId\": \"" + orderId + "\", \"itemsCount\": 2}").exchange()
                    .expectStatus().isCreated();
            ConsumerRecord<String, OrderEvent> event = orderEvents.awaitRecord(r -> r.key().equals(orderId));
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(stack, event) > event.offset());
            Map<String, Object> details = TlsClients.webTestClient(orderDetailsPort, certificates.caCertificate())
                    .get().uri("/order-details?orderId=" + orderId).header("X-API-Key", key).exchange()
                    .expectStatus().isOk()
                    .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
            assertThat(details).containsEntry("orderId", orderId);

            assertThat(tlsConnectionsTo(stack)).as("the application's connections to Postgres over TLS").isPositive();
        }
    }

    /**
     * The prod overlay's KafkaUsers of {@code systems}, as ACLs of this test's one identity: the application runs all
     * three, where a cluster runs a workload (and a user) per system. Their consumer group is renamed to this test's.
     */
    private static void allowTheManifestsAclsOf(List<String> systems, DevStack stack) throws Exception {
        List<AclBinding> bindings = new ArrayList<>();
        for (Map<String, Object> user : resources(render("prod"), "KafkaUser")) {
            if (systems.contains(name(user).substring("streamgate-".length()))) {
                for (AclBinding binding : KafkaUsers.bindings(user, "User:CN=" + USER)) {
                    ResourcePattern pattern = binding.pattern();
                    bindings.add(pattern.resourceType() == ResourceType.GROUP
                            ? new AclBinding(new ResourcePattern(ResourceType.GROUP, GROUP, pattern.patternType()),
                            binding.entry()) : binding);
                }
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** What an operator does with the jar's {@code api-keys} command: a key with {@code scopes}, printed once. */
    private static String apiKey(DevStack stack, String scopes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ApiKeysCommand.run(new String[] {"create", "--name", "prod-" + UUID.randomUUID(), "--scopes",
                scopes}, Map.of("DATABASE_URL", stack.postgres().tlsJdbcUrl(), "DATABASE_USERNAME",
                stack.postgres().username(), "DATABASE_PASSWORD", stack.postgres().password()),
                new PrintStream(out, true))).as(out.toString()).isZero();
        return out.toString().lines().filter(line -> line.startsWith("sgk_")).findFirst()
                .orElseThrow(() -> new AssertionError("no key in: " + out));
    }

    /** What the deployment's register-schemas step does: every catalogue schema under its subject. */
    private static void registerTheCatalogueSchemas(DevStack stack) {
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl(), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        ClusterManifests.subjects().forEach(registry::register);
    }

    private static long committed(DevStack stack, ConsumerRecord<String, OrderEvent> event) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new TopicPartition(event.topic(), event.partition()));
            return offset == null ? -1 : offset.offset();
        }
    }

    private static String plainHttpTo(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(16), StandardCharsets.ISO_8859_1);
        }
    }

    private static int tlsConnectionsTo(DevStack stack) throws Exception {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(), stack.postgres().username(),
                stack.postgres().password());
             ResultSet row = connection.createStatement().executeQuery("SELECT count(*) FROM pg_stat_ssl s "
                     + "JOIN pg_stat_activity a ON a.pid = s.pid WHERE s.ssl AND a.datname = 'streamgate'")) {
            row.next();
            return row.getInt(1);
        }
    }
}
