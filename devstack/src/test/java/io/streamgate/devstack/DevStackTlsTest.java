package io.streamgate.devstack;

import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.platform.avro.SchemaRegistryUnavailableException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import javax.net.ssl.SSLHandshakeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS on every service of the shared stack, beside plain text: Kafka's SSL listener with client certificates and ACLs,
 * the registry over HTTPS, Postgres with {@code sslmode=verify-full}; each refuses a client that does not trust its CA
 * (or, for Kafka, that has no certificate of it).
 */
class DevStackTlsTest {

    private static DevStack stack;
    private static DevCertificates certificates;

    @TempDir
    static Path elsewhere;

    @BeforeAll
    static void startStack() {
        stack = DevStack.shared();
        certificates = stack.certificates();
    }

    @Test
    void kafkaAcceptsAClientWithACertificateOfItsCaOverTls() throws Exception {
        String topic = "tls-" + UUID.randomUUID();
        try (Admin admin = Admin.create(tls(certificates, EmbeddedKafka.DEV_CLIENT))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = producer(tls(certificates, EmbeddedKafka.DEV_CLIENT))) {
            assertThat(producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS).offset())
                    .isZero();
        }
    }

    @Test
    void kafkaRefusesAClientWithoutACertificateAndOneOfAnotherCa() {
        Map<String, Object> noCertificate = tls(certificates, null);
        Map<String, Object> otherCa = tls(DevCertificates.in(elsewhere), EmbeddedKafka.DEV_CLIENT);
        otherCa.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.caCertificate().toString());

        for (Map<String, Object> client : List.of(noCertificate, otherCa)) {
            try (Admin admin = Admin.create(client)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SslAuthenticationException.class);
            }
        }
    }

    @Test
    void kafkaGivesAnIdentityWithoutAclsNothing() throws Exception {
        String topic = "tls-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = producer(tls(certificates, "nobody"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS))
                    .cause().isInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void kafkaLetsAnIdentityDoWhatItsAclsAllowAndNothingMore() throws Exception {
        String mine = "tls-" + UUID.randomUUID();
        String theirs = "tls-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(mine, 1, (short) 1), new NewTopic(theirs, 1, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
            admin.createAcls(List.of(AclOperation.WRITE, AclOperation.DESCRIBE).stream()
                    .map(operation -> new AclBinding(new ResourcePattern(ResourceType.TOPIC, mine, PatternType.LITERAL),
                            new AccessControlEntry("User:CN=writer", "*", operation, AclPermissionType.ALLOW)))
                    .toList()).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = producer(tls(certificates, "writer"))) {
            assertThatThrownBy(() -> producer.partitionsFor(theirs)).isInstanceOf(AuthorizationException.class);
            assertThat(producer.send(new ProducerRecord<>(mine, "k", "v")).get(30, TimeUnit.SECONDS).offset())
                    .isZero();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(theirs, "k", "v")).get(30, TimeUnit.SECONDS))
                    .cause().isInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void registryAnswersOverHttpsToAClientTrustingItsCa() throws Exception {
        HttpRequest subjects = HttpRequest.newBuilder(URI.create(stack.registry().httpsUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(10)).build();
        HttpClient trusting = HttpClient.newBuilder().sslContext(trust(certificates).createSslContext()).build();
        HttpClient other = HttpClient.newBuilder().sslContext(trust(DevCertificates.in(elsewhere)).createSslContext())
                .build();

        assertThat(trusting.send(subjects, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> other.send(subjects, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
        // The platform's own client, given the CA (streamgate.schema-registry.ssl-bundle).
        new SchemaRegistryClient(stack.registry().httpsUrl(), Duration.ofSeconds(2), Duration.ofSeconds(10),
                trust(certificates).createSslContext()).ping(Duration.ofSeconds(10));
        assertThatThrownBy(() -> new SchemaRegistryClient(stack.registry().httpsUrl(), Duration.ofSeconds(2),
                Duration.ofSeconds(10), null).ping(Duration.ofSeconds(10)))
                .isInstanceOf(SchemaRegistryUnavailableException.class);
    }

    @Test
    void postgresSpeaksTlsVerifiedAgainstItsCaAndPlainTextWhenAskedTo() throws Exception {
        EmbeddedPostgresServer postgres = stack.postgres();

        assertThat(connectionIsTls(postgres.tlsJdbcUrl())).isTrue();
        assertThat(connectionIsTls(postgres.jdbcUrl())).isFalse();
        String wrongCa = postgres.tlsJdbcUrl().replace(certificates.caCertificate().toString(),
                DevCertificates.in(elsewhere).caCertificate().toString());
        assertThatThrownBy(() -> connectionIsTls(wrongCa)).isInstanceOf(SQLException.class)
                .hasMessageContaining("SSL");
    }

    private static boolean connectionIsTls(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, stack.postgres().username(),
                stack.postgres().password());
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(row.next()).isTrue();
            return row.getBoolean(1);
        }
    }

    /** A Kafka client of the TLS listener trusting {@code ca}'s CA, with the client certificate {@code name} of it. */
    private static Map<String, Object> tls(DevCertificates ca, String name) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().tlsBootstrapServers());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, ca.caCertificate().toString());
        if (name != null) {
            DevCertificates.Client client = ca.client(name);
            config.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
            config.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, read(client.certificate()));
            config.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, read(client.key()));
        }
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> config) {
        Map<String, Object> producer = new HashMap<>(config);
        producer.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        return new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer());
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SslBundle trust(DevCertificates ca) {
        return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(ca.caCertificate()
                .toString())));
    }
}
