package io.streamgate.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.avro.AvroAutoConfiguration;
import io.streamgate.platform.avro.AvroSerdes;
import io.streamgate.platform.avro.FakeSchemaRegistry;
import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.platform.health.PlatformHealthAutoConfiguration;
import io.streamgate.platform.health.SharedHealthIndicator;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.payments.Payment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wiring, with Kafka down (a closed port) and the fake registry: the context must start and answer fast. */
class KafkaPlatformAutoConfigurationTest {

    private FakeSchemaRegistry registry;
    private int deadPort;

    @BeforeEach
    void setUp() throws Exception {
        registry = new FakeSchemaRegistry();
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, AvroAutoConfiguration.class,
                        KafkaPlatformAutoConfiguration.class, PlatformHealthAutoConfiguration.class,
                        HealthContributorRegistryAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(KafkaConnectionDetails.class, () -> () -> List.of("127.0.0.1:" + deadPort))
                .withPropertyValues("streamgate.schema-registry.url=" + registry.url(),
                        "streamgate.kafka.probe-interval=200ms", "streamgate.topics.defaults.partitions=3",
                        "streamgate.topics.overrides.payments.partitions=12");
    }

    @Test
    void startsWithKafkaDownAndFailsPublishesFast() {
        long start = System.nanoTime();
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            System.out.println("context started in " + Duration.ofNanos(System.nanoTime() - start));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(context).hasSingleBean(EventPublisher.class).hasSingleBean(SchemaRegistryClient.class)
                    .hasSingleBean(AvroSerdes.class).hasSingleBean(KafkaAvailability.class)
                    .hasBean("kafkaHealthIndicator").hasBean("schemaRegistryHealthIndicator");

            TopicProvisioner provisioner = context.getBean(TopicProvisioner.class);
            assertThat(provisioner.plannedTopics()).anySatisfy(t -> {
                assertThat(t.name()).isEqualTo("payments");
                assertThat(t.numPartitions()).isEqualTo(12);
            }).anySatisfy(t -> {
                assertThat(t.name()).isEqualTo(Topics.deadLetterOf("payments"));
                assertThat(t.numPartitions()).isEqualTo(3);
            });

            EventPublisher publisher = context.getBean(EventPublisher.class);
            Payment payment = Payment.newBuilder()
                    .setPaymentId(UUID.randomUUID()).setCustomerId("c-1").setAmount(new BigDecimal("1.00"))
                    .setCurrency("EUR").setCreatedAt(Instant.now()).build();
            long t0 = System.nanoTime();
            CompletableFuture<Delivery> future = publisher.publish(Topics.PAYMENTS, "c-1", payment);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(50));
            assertThatThrownBy(() -> future.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(PublishException.class,
                            e -> assertThat(e.kind()).isEqualTo(PublishException.Kind.KAFKA_UNAVAILABLE));

            assertThat(context.getBean(KafkaHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
            // Registered under the names the readiness group and /health use.
            HealthContributorRegistry contributors = context.getBean(HealthContributorRegistry.class);
            assertThat(contributors.getContributor("kafka")).isInstanceOf(KafkaHealthIndicator.class);
            // The registry's ping runs as a shared check, out of reach of callers' cancellations.
            assertThat(contributors.getContributor("schemaRegistry")).isInstanceOf(SharedHealthIndicator.class);
            assertThat(context.getBean(SharedHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void failsClearlyWithoutARegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, AvroAutoConfiguration.class,
                        KafkaPlatformAutoConfiguration.class))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("streamgate.schema-registry.url"));
    }

    @Test
    void canBeSwitchedOff() {
        runner().withPropertyValues("streamgate.kafka.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventPublisher.class)
                        .doesNotHaveBean(KafkaAvailability.class).doesNotHaveBean(SchemaRegistryClient.class));
    }
}
