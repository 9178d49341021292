package io.streamgate.devstack;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The embedded Kafka: one broker (the default), or three KRaft nodes that are each broker and controller, in a
 * quorum of three, with replication 3 and min ISR 2 as production has them ({@code STREAMGATE_DEVSTACK_BROKERS=3}).
 *
 * <p>Node {@code i} (1-based) listens on {@code port + 2(i-1)} and its controller on {@code controllerPort + 2(i-1)}
 * (9092/9093, 9094/9095, 9096/9097 by default), or on free ports. With the dev stack's CA each node also has an SSL
 * listener ({@link EmbeddedKafka}): a single broker on {@code tlsPort} (9094 by default), the nodes of three after all
 * of those, on {@code tlsPort + 4 + (i-1)} (9098, 9099, 9100). All nodes share one cluster id, kept in
 * {@code <dataDir>/kafka/cluster.id}. A data directory formatted for one broker count cannot be started with
 * another (the quorum's voters are part of its metadata): that fails with a clear message.
 *
 * <p>With {@code STREAMGATE_DEVSTACK_NETNS=1} (root only) each node runs in a network namespace of its own and
 * listens on its own address, {@code 10.77.0.<id>} instead of {@code 127.0.0.1} ({@link BrokerNetwork}), so that a
 * network partition can be cut and healed; the ports stay the same.
 */
public final class KafkaCluster {

    /** What every node's configuration shares: the voters, the cluster id and the replication settings. */
    record Quorum(String voters, String clusterId, int replicationFactor, int minInsyncReplicas) {
    }

    private final List<EmbeddedKafka> brokers;
    private final Path kafkaDir;
    private final int size;
    private final BrokerNetwork network;

    KafkaCluster(BuildInfo build, Path dataDir, int brokers, int port, int controllerPort, String heap,
                 Duration startupTimeout, int tlsPort, DevCertificates certificates, boolean netns,
                 List<String> jvmOptions) {
        if (brokers != 1 && brokers != 3) {
            throw new IllegalArgumentException("streamgate.devstack.brokers must be 1 or 3, not " + brokers);
        }
        this.size = brokers;
        this.network = netns ? new BrokerNetwork(brokers) : null;
        this.kafkaDir = dataDir.resolve("kafka").toAbsolutePath().normalize();
        List<int[]> ports = IntStream.range(0, brokers)
                .mapToObj(i -> new int[] {
                        BuildInfo.resolvePort(port == 0 ? 0 : port + 2 * i),
                        BuildInfo.resolvePort(controllerPort == 0 ? 0 : controllerPort + 2 * i)})
                .toList();
        String voters = IntStream.range(0, brokers)
                .mapToObj(i -> (i + 1) + "@" + host(i + 1) + ":" + ports.get(i)[1])
                .collect(Collectors.joining(","));
        Quorum quorum = new Quorum(voters, clusterId(), brokers == 1 ? 1 : 3, brokers == 1 ? 1 : 2);
        List<EmbeddedKafka> nodes = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            // One broker keeps the documented 9094; three use 9094-9097 for their plain and controller listeners.
            int nodeTlsPort = tlsPort == 0 ? 0 : brokers == 1 ? tlsPort : tlsPort + 4 + i;
            nodes.add(new EmbeddedKafka(build, dataDir, i + 1, host(i + 1), ports.get(i)[0], ports.get(i)[1], heap,
                    startupTimeout, quorum, nodeTlsPort, certificates,
                    netns ? BrokerNetwork.launcher(i + 1) : List.of(), jvmOptions));
        }
        this.brokers = List.copyOf(nodes);
    }

    /** Every node, node 1 first. */
    public List<EmbeddedKafka> brokers() {
        return brokers;
    }

    /** Node {@code id} (1-based). */
    public EmbeddedKafka broker(int id) {
        return brokers.get(id - 1);
    }

    public int size() {
        return size;
    }

    /** Whether each node runs in a network namespace of its own ({@code STREAMGATE_DEVSTACK_NETNS=1}). */
    public boolean inNamespaces() {
        return network != null;
    }

    /** The nodes' network namespaces, to cut and heal partitions; fails unless {@link #inNamespaces()}. */
    public BrokerNetwork network() {
        if (network == null) {
            throw new IllegalStateException("The brokers share the loopback interface: a network partition needs "
                    + "them in namespaces (STREAMGATE_DEVSTACK_NETNS=1, as root)");
        }
        return network;
    }

    /** Where node {@code id} listens: its namespace's address, or loopback. */
    private String host(int id) {
        return network == null ? "127.0.0.1" : BrokerNetwork.address(id);
    }

    /** Every node's address, for {@code bootstrap.servers}. */
    public List<String> bootstrapServerList() {
        return brokers.stream().map(EmbeddedKafka::bootstrapServers).toList();
    }

    public String bootstrapServers() {
        return String.join(",", bootstrapServerList());
    }

    /** Every node's SSL listener (client certificate required), for {@code bootstrap.servers}. */
    public String tlsBootstrapServers() {
        return brokers.stream().map(EmbeddedKafka::tlsBootstrapServers).collect(Collectors.joining(","));
    }

    /** Whether no node's storage is formatted yet: the next start creates a new, empty cluster. */
    boolean needsFormat() {
        return brokers.stream().allMatch(EmbeddedKafka::needsFormat);
    }

    /**
     * Starts every node at once (a node of three is ready only once a majority of the quorum runs) and waits until
     * each answers.
     */
    void start() {
        checkBrokerCount();
        if (network != null) {
            network.setUp();
        }
        try {
            CompletableFuture.allOf(brokers.stream()
                    .map(broker -> CompletableFuture.runAsync(broker::start, runnable -> {
                        Thread thread = new Thread(runnable, "devstack-kafka-" + broker.nodeId());
                        thread.setDaemon(true);
                        thread.start();
                    }))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Every node in parallel (a controlled shutdown takes a few seconds each). */
    void stop() {
        try {
            CompletableFuture.allOf(brokers.stream()
                    .map(broker -> CompletableFuture.runAsync(broker::stop))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            if (network != null) {
                network.tearDown();
            }
        }
    }

    void logStarted(long millis) {
        brokers.forEach(broker -> broker.logStarted(millis));
    }

    void cleanUpStale() {
        brokers.forEach(EmbeddedKafka::cleanUpStale);
    }

    /** Names of the child processes a cluster of {@code brokers} nodes runs (for the clean-up of abandoned stacks). */
    static List<String> childNames(int brokers) {
        return IntStream.rangeClosed(1, brokers).mapToObj(id -> "kafka-" + id).toList();
    }

    private String clusterId() {
        Path file = kafkaDir.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(kafkaDir);
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the cluster id in " + file, e);
        }
    }

    /** A directory formatted for one broker count cannot serve another: the voters are in the metadata log. */
    private void checkBrokerCount() {
        Path file = kafkaDir.resolve("brokers");
        try {
            int formattedFor;
            if (Files.exists(file)) {
                formattedFor = Integer.parseInt(Files.readString(file).trim());
            } else if (!brokers.getFirst().needsFormat()) {
                formattedFor = 1; // written before the count was recorded: always one broker then
            } else {
                formattedFor = size;
            }
            if (formattedFor != size) {
                throw new IllegalStateException("The Kafka storage in " + kafkaDir + " belongs to a cluster of "
                        + formattedFor + " broker(s), not " + size + ": delete " + kafkaDir
                        + " or choose another STREAMGATE_DATA_DIR");
            }
            Files.createDirectories(kafkaDir);
            Files.writeString(file, Integer.toString(size));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("Cannot read or write " + file, e);
        }
    }

    @Override
    public String toString() {
        return "Kafka cluster of " + size + " at " + bootstrapServers();
    }
}
