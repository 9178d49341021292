package io.streamgate.devstack;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Kafka broker (4.3.1, KRaft, combined broker + controller) running as a child process on its own classpath,
 * alone or as one node of a {@link KafkaCluster}.
 *
 * <p>Its storage ({@code <dataDir>/kafka/node-<id>}) is formatted only on the first start, so topics survive
 * restarts. {@link #stop()} and {@link #start()} keep the port and the data: fault tests stop the broker under a
 * running application and start it again. {@link #kill()}, {@link #freeze()} and {@link #thaw()} are the faults of
 * a real process: {@code kill -9}, {@code SIGSTOP}, {@code SIGCONT}.
 *
 * <p>With the dev stack's CA ({@link DevCertificates}) it also has an SSL listener ({@link #tlsBootstrapServers()})
 * that requires a client certificate signed by that CA: a client without one is refused at the handshake, and one with
 * one is the principal {@code User:CN=<name>}. ACLs are enforced (KRaft's {@code StandardAuthorizer}, nothing allowed
 * without an ACL) for every principal but two super users: {@code ANONYMOUS}, whom the plain and controller listeners
 * see (the development run and the tests stay as open as before), and {@code CN=streamgate} ({@link #DEV_CLIENT}),
 * the development identity for trying the TLS listener with every right. Other identities get only what ACLs grant.
 */
public final class EmbeddedKafka {

    private static final Log log = LogFactory.getLog(EmbeddedKafka.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** The client certificate's name of the development identity, a super user on the TLS listener. */
    public static final String DEV_CLIENT = "streamgate";

    private final int nodeId;
    private final String host;
    private final List<String> launcher;
    private final List<String> jvmOptions;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private final Path nodeDir;
    private final Path logDir;
    private final Duration startupTimeout;
    private final BuildInfo build;
    private final ChildProcess child;
    private final KafkaCluster.Quorum quorum;
    private final int tlsPort;
    private final DevCertificates certificates;

    /**
     * @param host      the address every listener binds and advertises: {@code 127.0.0.1}, or the node's own address
     *                  in its network namespace
     * @param launcher  what the broker's command line starts with: nothing, or {@code ip netns exec <namespace>}
     * @param jvmOptions more options for the broker's JVM, after the dev stack's own
     */
    EmbeddedKafka(BuildInfo build, Path dataDir, int nodeId, String host, int port, int controllerPort, String heap,
                  Duration startupTimeout, KafkaCluster.Quorum quorum, int tlsPort, DevCertificates certificates,
                  List<String> launcher, List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.build = build;
        this.host = host;
        this.launcher = List.copyOf(launcher);
        this.quorum = quorum;
        this.nodeId = nodeId;
        this.port = BuildInfo.resolvePort(port);
        this.controllerPort = BuildInfo.resolvePort(controllerPort);
        this.certificates = certificates;
        this.tlsPort = certificates == null ? -1 : BuildInfo.resolvePort(tlsPort);
        this.heap = heap;
        this.nodeDir = dataDir.resolve("kafka").resolve("node-" + nodeId).toAbsolutePath().normalize();
        this.logDir = nodeDir.resolve("data");
        this.startupTimeout = startupTimeout;
        this.child = new ChildProcess("kafka-" + nodeId, dataDir);
    }

    /** {@code 127.0.0.1:<port>} (or the node's namespace address), the value for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return host + ":" + port;
    }

    /** The address the node listens on: {@code 127.0.0.1}, or its own in its network namespace. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int nodeId() {
        return nodeId;
    }

    int controllerPort() {
        return controllerPort;
    }

    /** The broker JVM's process id while it runs (the watchdog runs the broker in its own JVM: same process). */
    public Optional<Long> pid() {
        return child.pid().filter(ignored -> child.isRunning());
    }

    /** {@code 127.0.0.1:<tls port>}: the SSL listener, client certificate required. */
    public String tlsBootstrapServers() {
        if (certificates == null) {
            throw new IllegalStateException("This dev stack runs without TLS (streamgate.devstack.tls.enabled=false)");
        }
        return host + ":" + tlsPort;
    }

    public boolean isRunning() {
        return child.isRunning();
    }

    /** Whether the storage has not been formatted yet: the next {@link #start()} creates a new, empty cluster. */
    boolean needsFormat() {
        return !Files.exists(logDir.resolve("meta.properties"));
    }

    /** Starts the broker (formatting its storage on first start) and waits until it answers. Idempotent. */
    public synchronized void start() {
        if (child.isRunning()) {
            return;
        }
        try {
            cleanUpStale();
            Path config = writeConfig();
            Path log4j = writeLog4jConfig();
            String classpath = build.brokerClasspath();
            if (needsFormat()) {
                // kafka.tools.StorageTool: a fresh cluster id; static quorum (controller.quorum.voters) needs no
                // --standalone / --initial-controllers.
                child.runToCompletion(classpath, List.of("-Xmx256m", "-Dlog4j2.configurationFile=" + log4j),
                        "kafka.tools.StorageTool",
                        List.of("format", "-t", quorum.clusterId(), "-c", config.toString()),
                        Duration.ofMinutes(2));
            }
            List<String> options = new java.util.ArrayList<>(List.of(
                    "-Xmx" + heap,
                    "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:+ExitOnOutOfMemoryError",
                    "-Djava.awt.headless=true",
                    "-Dlog4j2.configurationFile=" + log4j,
                    "-Dkafka.logs.dir=" + nodeDir.resolve("logs")));
            options.addAll(jvmOptions);
            child.start(classpath, options,
                    "kafka.Kafka", List.of(config.toString()), nodeDir, launcher);
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Kafka broker " + nodeId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting Kafka", e);
        }
    }

    /** Graceful stop (SIGTERM: controlled shutdown), then kill after 30 s. Port and data are kept. */
    public synchronized void stop() {
        child.signal("CONT"); // a frozen broker cannot run its shutdown
        child.stop(STOP_GRACE);
    }

    /** {@code kill -9}: no controlled shutdown, no flush. {@link #start()} brings the node back on its data. */
    public synchronized void kill() {
        child.kill();
    }

    /** {@code SIGSTOP}: the process stays, its sockets stay open, and nothing answers until {@link #thaw()}. */
    public synchronized void freeze() {
        child.signal("STOP");
    }

    /** {@code SIGCONT} after {@link #freeze()}. */
    public synchronized void thaw() {
        child.signal("CONT");
    }

    Path logFile() {
        return child.logFile();
    }

    /** Stops a broker a killed JVM left running on this data directory (its pid file names it). */
    void cleanUpStale() {
        if (!child.isRunning()) {
            child.cleanUpStale(STOP_GRACE);
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        // Wait for the listener before creating the admin client: it would log a warning per refused connection.
        while (!listening()) {
            child.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka broker " + nodeId + " not listening on " + bootstrapServers()
                        + " within " + startupTimeout + "; log " + child.logFile() + ":\n" + child.tailOfLog());
            }
            Thread.sleep(100);
        }
        try (Admin admin = Admin.create(config)) {
            while (true) {
                child.checkAlive();
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes().get();
                    if (nodes.stream().anyMatch(node -> node.id() == nodeId)) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException notYet) {
                    // not listening or not registered yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka broker " + nodeId + " at " + bootstrapServers()
                            + " not ready within " + startupTimeout + "; log " + child.logFile() + ":\n"
                            + child.tailOfLog());
                }
                Thread.sleep(100);
            }
        }
    }

    private boolean listening() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path writeConfig() throws IOException {
        Files.createDirectories(logDir);
        String listener = host + ":" + port;
        String controller = host + ":" + controllerPort;
        String tls = certificates == null ? "" : ",SSL://" + host + ":" + tlsPort;
        String properties = String.join("\n",
                "# Written by the Streamgate dev stack at every start.",
                "process.roles=broker,controller",
                "node.id=" + nodeId,
                "controller.quorum.voters=" + quorum.voters(),
                "listeners=PLAINTEXT://" + listener + tls + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://" + listener + tls,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT",
                tlsConfig(),
                "log.dirs=" + logDir,
                // Topics are declared by the application (the topic catalogue), never created by a typo.
                "auto.create.topics.enable=false",
                "num.partitions=1",
                // One broker: everything on it. Three: replication 3, min ISR 2, as in production (Strimzi, MSK).
                "default.replication.factor=" + quorum.replicationFactor(),
                "min.insync.replicas=" + quorum.minInsyncReplicas(),
                "offsets.topic.replication.factor=" + quorum.replicationFactor(),
                "transaction.state.log.replication.factor=" + quorum.replicationFactor(),
                "transaction.state.log.min.isr=" + quorum.minInsyncReplicas(),
                "share.coordinator.state.topic.replication.factor=" + quorum.replicationFactor(),
                "share.coordinator.state.topic.min.isr=" + quorum.minInsyncReplicas(),
                // No 3 s wait before the first consumer group rebalance: tests and dev runs start consuming at once.
                "group.initial.rebalance.delay.ms=0",
                "");
        Path file = nodeDir.resolve("server.properties");
        Files.writeString(file, properties);
        return file;
    }

    /** The SSL listener's key store, trust store and client authentication, and the authorizer; empty without TLS. */
    private String tlsConfig() {
        if (certificates == null) {
            return "";
        }
        return String.join("\n",
                "listener.name.ssl.ssl.keystore.type=PEM",
                "listener.name.ssl.ssl.keystore.location=" + certificates.serverBundle(),
                "listener.name.ssl.ssl.truststore.type=PEM",
                "listener.name.ssl.ssl.truststore.location=" + certificates.caCertificate(),
                "listener.name.ssl.ssl.client.auth=required",
                "listener.name.ssl.ssl.enabled.protocols=TLSv1.3,TLSv1.2",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:ANONYMOUS;User:CN=" + DEV_CLIENT);
    }

    private Path writeLog4jConfig() throws IOException {
        // Console output goes to <dataDir>/logs/kafka-<id>.log (the child's stdout is redirected there).
        String config = String.join("\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = STDOUT",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.out.ref = STDOUT",
                "logger.request.name = kafka.request.logger",
                "logger.request.level = WARN",
                "logger.state.name = state.change.logger",
                "logger.state.level = WARN",
                "");
        Path file = nodeDir.resolve("log4j2.properties");
        Files.writeString(file, config);
        return file;
    }

    @Override
    public String toString() {
        return "Kafka " + build.kafkaVersion() + " node " + nodeId + " at " + bootstrapServers();
    }

    void logStarted(long millis) {
        log.info("Dev stack: Kafka " + build.kafkaVersion() + " at " + bootstrapServers()
                + (certificates == null ? "" : ", TLS with client certificates at " + tlsBootstrapServers())
                + " (" + millis + " ms, log " + child.logFile() + ")");
    }
}
