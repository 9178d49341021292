package io.streamgate.devstack;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code streamgate.devstack.*}. A port of 0 means "any free port" (tests).
 *
 * @param enabled         whether the dev stack may start anything at all (each service also starts only when its
 *                        external address is not configured)
 * @param shared          one stack per JVM, started once, stopped by a JVM shutdown hook, in a temporary data
 *                        directory with free ports (tests); {@code dataDir} and the ports are then ignored
 * @param dataDir         where Kafka, Postgres, logs and pid files live; relative to the working directory
 * @param startupTimeout  how long each service may take to become ready
 * @param brokers         Kafka nodes: 1 (default), or 3 for a KRaft cluster of three broker-and-controller nodes with
 *                        replication 3 and min ISR 2 ({@code STREAMGATE_DEVSTACK_BROKERS=3}; see {@link KafkaCluster})
 * @param netns           each Kafka node in a network namespace of its own, on its own address {@code 10.77.0.<n>}
 *                        ({@code STREAMGATE_DEVSTACK_NETNS=1}; root only; see {@link BrokerNetwork}), so a network
 *                        partition can be cut and healed; off by default
 * @param tls             the local CA and the TLS listeners beside the plain ones
 */
@ConfigurationProperties("streamgate.devstack")
public record DevStackProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean shared,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("2m") Duration startupTimeout,
        @DefaultValue("1") int brokers,
        @DefaultValue("false") boolean netns,
        @DefaultValue Kafka kafka,
        @DefaultValue Registry registry,
        @DefaultValue Postgres postgres,
        @DefaultValue Tls tls) {

    /**
     * @param port            the broker's PLAINTEXT listener
     * @param controllerPort  the KRaft controller listener
     * @param heap            the broker JVM's -Xmx
     * @param tlsPort         the broker's SSL listener, with client certificates required (when {@code tls} is on)
     * @param jvmOptions      more options for each broker JVM, space-separated, after the dev stack's own (none by
     *                        default; the fault lab's ci profile starts its brokers with {@code -XX:TieredStopAtLevel=1})
     */
    public record Kafka(@DefaultValue("9092") int port, @DefaultValue("9093") int controllerPort,
                        @DefaultValue("256m") String heap, @DefaultValue("9094") int tlsPort,
                        @DefaultValue("") String jvmOptions) {
    }

    /**
     * @param port            HTTP API (Confluent API under {@code /apis/ccompat/v7})
     * @param managementPort  health and metrics ({@code /health/ready})
     * @param heap            the registry JVM's -Xmx
     * @param httpsPort       the same API over HTTPS (when {@code tls} is on)
     * @param jvmOptions      more options for the registry's JVM, space-separated, after the dev stack's own
     */
    public record Registry(@DefaultValue("8081") int port, @DefaultValue("9001") int managementPort,
                           @DefaultValue("192m") String heap, @DefaultValue("8444") int httpsPort,
                           @DefaultValue("") String jvmOptions) {
    }

    /**
     * @param enabled  a local CA in {@code <data-dir>/tls} ({@link DevCertificates}), and TLS on every service beside
     *                 plain text: Kafka's SSL listener (client certificates required, ACLs enforced), the registry's
     *                 HTTPS port, Postgres' TLS (a client asks for it with {@code sslmode}); the development run's
     *                 HTTPS listener serves the CA's server certificate
     */
    public record Tls(@DefaultValue("true") boolean enabled) {
    }

    /** @param port Postgres' TCP port (not 5432, to stay clear of a locally installed Postgres) */
    public record Postgres(@DefaultValue("15432") int port) {
    }

    /** The defaults, as Spring would bind them with no property set (for {@link DevStackMain} and plain tests). */
    public static DevStackProperties defaults() {
        return new Binder().bindOrCreate("streamgate.devstack", DevStackProperties.class);
    }

    /** The same settings with {@code brokers} Kafka nodes. */
    public DevStackProperties withBrokers(int count) {
        return new DevStackProperties(enabled, shared, dataDir, startupTimeout, count, netns, kafka, registry, postgres,
                tls);
    }

    /** The same settings with the Kafka nodes in network namespaces ({@code true}) or on loopback. */
    public DevStackProperties withNetns(boolean inNamespaces) {
        return new DevStackProperties(enabled, shared, dataDir, startupTimeout, brokers, inNamespaces, kafka, registry,
                postgres, tls);
    }

    /** The same settings in another data directory with all ports free ones: what {@link DevStack#shared} runs. */
    DevStackProperties withFreePortsIn(Path directory) {
        return new DevStackProperties(enabled, true, directory, startupTimeout, brokers, netns,
                new Kafka(0, 0, kafka.heap(), 0, kafka.jvmOptions()),
                new Registry(0, 0, registry.heap(), 0, registry.jvmOptions()), new Postgres(0), tls);
    }
}
