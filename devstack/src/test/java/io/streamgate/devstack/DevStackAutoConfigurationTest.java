package io.streamgate.devstack;

import io.streamgate.platform.avro.SchemaRegistryConnectionDetails;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection details Spring Boot sees, on the shared stack. */
class DevStackAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DevStackAutoConfiguration.class))
            .withPropertyValues("streamgate.devstack.shared=true");

    @Test
    void contributesTheEmbeddedAddressesWhenNoneIsConfigured() {
        runner.run(context -> {
            DevStack stack = context.getBean(DevStack.class);
            assertThat(stack).isSameAs(DevStack.shared());
            assertThat(context.getBean(KafkaConnectionDetails.class).getBootstrapServers())
                    .containsExactly(stack.bootstrapServers());
            assertThat(context.getBean(JdbcConnectionDetails.class).getJdbcUrl())
                    .isEqualTo(stack.postgres().jdbcUrl()).endsWith("/streamgate?sslmode=disable");
            assertThat(context.getBean(SchemaRegistryConnectionDetails.class).url())
                    .isEqualTo(stack.registryUrl()).endsWith("/apis/ccompat/v7");
        });
        // Closing a context does not stop the shared stack.
        assertThat(DevStack.shared().kafka().isRunning()).isTrue();
    }

    @Test
    void registersTheEdgesBundleWithTheStacksServerCertificateUnlessTheConfigurationDefinesOne() {
        runner.run(context -> {
            DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
            context.getBean(SslBundleRegistrar.class).registerBundles(registry);

            SslBundle edge = registry.getBundle("edge");
            assertThat(edge.getStores().getKeyStore().getCertificate("ssl"))
                    .isEqualTo(DevCertificates.read(DevStack.shared().certificates().serverCertificate()));
            assertThat(edge.getOptions().getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        });
        runner.withPropertyValues("spring.ssl.bundle.pem.edge.keystore.certificate=/etc/tls/tls.crt")
                .run(context -> {
                    DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
                    context.getBean(SslBundleRegistrar.class).registerBundles(registry);
                    assertThat(registry.getBundleNames()).isEmpty();
                });
        runner.withPropertyValues("streamgate.devstack.tls.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SslBundleRegistrar.class));
    }

    @Test
    void leavesConfiguredAddressesAlone() {
        runner.withPropertyValues("spring.kafka.bootstrap-servers=kafka:9092")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(KafkaConnectionDetails.class);
                    assertThat(context).hasSingleBean(JdbcConnectionDetails.class);
                    assertThat(context).hasSingleBean(SchemaRegistryConnectionDetails.class);
                });
    }

    @Test
    void startsNothingWhenEverythingIsExternal() {
        runner.withPropertyValues("spring.kafka.bootstrap-servers=kafka:9092",
                        "spring.datasource.url=jdbc:postgresql://db/app",
                        "streamgate.schema-registry.url=http://registry:8081")
                .run(context -> assertThat(context).doesNotHaveBean(DevStack.class));
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("streamgate.devstack.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(DevStack.class));
    }

    @Test
    void servicesFollowTheConfiguredAddresses() {
        runner.withPropertyValues("spring.kafka.bootstrap-servers= ", "spring.datasource.url=jdbc:postgresql://db/app")
                .run(context -> assertThat(DevStackAutoConfiguration.services(context.getEnvironment()))
                        .containsExactlyInAnyOrder(DevStack.Service.KAFKA, DevStack.Service.REGISTRY));
    }
}
