package io.streamgate.devstack;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the dev stack alone until Ctrl-C, e.g. for benchmarks with Kafka's {@code ProducerPerformance} against the
 * same broker the app uses. Optional argument: the data directory (default {@code ./data}). Ports as system
 * properties with the Spring property names, e.g. {@code -Dstreamgate.devstack.kafka.port=0} (0: any free port), and
 * the broker count as {@code -Dstreamgate.devstack.brokers=3} or {@code STREAMGATE_DEVSTACK_BROKERS=3}, and the
 * brokers in network namespaces as {@code STREAMGATE_DEVSTACK_NETNS=1} (root only).
 */
public final class DevStackMain {

    private DevStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        DevStackProperties defaults = DevStackProperties.defaults();
        DevStackProperties properties = new DevStackProperties(true, false,
                args.length == 0 ? defaults.dataDir() : Path.of(args[0]), defaults.startupTimeout(), brokers(), netns(),
                new DevStackProperties.Kafka(port("kafka.port", defaults.kafka().port()),
                        port("kafka.controller-port", defaults.kafka().controllerPort()), defaults.kafka().heap(),
                        port("kafka.tls-port", defaults.kafka().tlsPort()), defaults.kafka().jvmOptions()),
                new DevStackProperties.Registry(port("registry.port", defaults.registry().port()),
                        port("registry.management-port", defaults.registry().managementPort()),
                        defaults.registry().heap(), port("registry.https-port", defaults.registry().httpsPort()),
                        defaults.registry().jvmOptions()),
                new DevStackProperties.Postgres(port("postgres.port", defaults.postgres().port())),
                new DevStackProperties.Tls(Boolean.parseBoolean(System.getProperty("streamgate.devstack.tls.enabled",
                        Boolean.toString(defaults.tls().enabled())))));
        DevStack stack = DevStack.start(properties, EnumSet.allOf(DevStack.Service.class));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "devstack-shutdown"));
        System.out.println();
        System.out.println("Streamgate dev stack running (Ctrl-C stops it), data in " + stack.dataDir());
        System.out.println("  KAFKA_BOOTSTRAP_SERVERS=" + stack.bootstrapServers());
        System.out.println("  SCHEMA_REGISTRY_URL=" + stack.registryUrl());
        System.out.println("  DATABASE_URL=" + stack.jdbcUrl() + "  (user " + stack.postgres().username() + ")");
        if (stack.certificates() != null) {
            System.out.println("  over TLS (CA " + stack.certificates().caCertificate() + "):");
            System.out.println("    Kafka (client certificate required) " + stack.kafka().tlsBootstrapServers()
                    + ", a client certificate: " + stack.certificates().client(EmbeddedKafka.DEV_CLIENT).certificate());
            System.out.println("    registry " + stack.registry().httpsUrl());
            System.out.println("    DATABASE_URL=" + stack.postgres().tlsJdbcUrl());
        }
        System.out.println("  broker classpath (for kafka-producer-perf-test): "
                + BuildInfo.load().brokerClasspathFile());
        stopped.await();
    }

    /** {@code -Dstreamgate.devstack.brokers=3} or {@code STREAMGATE_DEVSTACK_BROKERS=3}; 1 otherwise. */
    static int brokers() {
        String value = System.getProperty("streamgate.devstack.brokers", System.getenv("STREAMGATE_DEVSTACK_BROKERS"));
        return value == null || value.isBlank() ? 1 : Integer.parseInt(value.trim());
    }

    /** {@code -Dstreamgate.devstack.netns=true} or {@code STREAMGATE_DEVSTACK_NETNS=1} (or {@code true}). */
    static boolean netns() {
        String value = System.getProperty("streamgate.devstack.netns", System.getenv("STREAMGATE_DEVSTACK_NETNS"));
        return value != null && (value.trim().equals("1") || Boolean.parseBoolean(value.trim()));
    }

    private static int port(String name, int fallback) {
        return Integer.getInteger("streamgate.devstack." + name, fallback);
    }
}
