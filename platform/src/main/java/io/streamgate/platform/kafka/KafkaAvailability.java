package io.streamgate.platform.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether the Kafka cluster is reachable, known without blocking anyone: a small Admin client probes it with
 * {@code describeCluster} every {@code probe-interval} on its own thread, and the publisher reports suspicious
 * failures so a probe runs at once. Starts unavailable until the first probe succeeds, and recovers by itself.
 * <p>
 * Recovery tasks (topic provisioning, metadata prefetch, schema warm-up) run on a separate thread after each probe
 * that finds the cluster up, until they report success; they are re-armed whenever the cluster comes back.
 */
public class KafkaAvailability implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaAvailability.class);
    private static final String NOT_PROBED = "not probed yet";

    /** A snapshot for health checks. */
    public record State(boolean available, int nodeCount, String clusterId, String lastError, Instant since) {
    }

    private record Task(String name, BooleanSupplier action, AtomicBoolean pending) {
    }

    private final Supplier<Admin> adminFactory;
    private final Duration interval;
    private final Duration timeout;
    private final String bootstrapServers;
    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private final AtomicBoolean probeQueued = new AtomicBoolean();
    private final AtomicBoolean tasksRunning = new AtomicBoolean();
    private final ScheduledExecutorService prober;
    private final ExecutorService recovery;
    private volatile Admin admin;
    private volatile boolean available;
    private volatile State state;
    private volatile boolean closed;

    public KafkaAvailability(Map<String, Object> adminConfig, Duration interval, Duration timeout) {
        this(() -> Admin.create(adminConfig), String.valueOf(adminConfig.get("bootstrap.servers")), interval, timeout);
    }

    KafkaAvailability(Supplier<Admin> adminFactory, String bootstrapServers, Duration interval, Duration timeout) {
        this.adminFactory = adminFactory;
        this.bootstrapServers = bootstrapServers;
        this.interval = interval;
        this.timeout = timeout;
        this.state = new State(false, 0, null, NOT_PROBED, Instant.now());
        this.prober = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("streamgate-kafka-probe").daemon(true).factory());
        this.recovery = Executors.newSingleThreadExecutor(Thread.ofPlatform()
                .name("streamgate-kafka-recovery").daemon(true).factory());
    }

    /** Starts probing (first probe at once, in the background). */
    public void start() {
        prober.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the cluster answered the last probe and nothing has failed since. Never blocks. */
    public boolean isAvailable() {
        return available;
    }

    public State state() {
        return state;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * The shared Admin client (created lazily), or null if it cannot be created right now. For the topic provisioner;
     * do not close it.
     */
    public Admin admin() {
        Admin current = admin;
        if (current == null && !closed) {
            synchronized (this) {
                current = admin;
                if (current == null) {
                    current = adminFactory.get();
                    admin = current;
                }
            }
        }
        return current;
    }

    /**
     * Adds a task run on the recovery thread after probes that find the cluster up, until it returns true; re-armed
     * each time the cluster becomes available again. Tasks must bound their own blocking.
     */
    public void addRecoveryTask(String name, BooleanSupplier action) {
        tasks.add(new Task(name, action, new AtomicBoolean(true)));
        if (available) {
            runPendingTasks();
        }
    }

    /** Marks the cluster unavailable at once (e.g. on a network error) and probes again now. */
    public void markUnavailable(Throwable cause) {
        setAvailable(false, 0, null, String.valueOf(cause));
        probeNow();
    }

    /** Asks for a probe now, e.g. after a delivery timeout; the probe decides. */
    public void probeNow() {
        if (!closed && probeQueued.compareAndSet(false, true)) {
            try {
                prober.execute(this::probe);
            } catch (RejectedExecutionException e) {
                probeQueued.set(false);
                logRejected("probe", e);
            }
        }
    }

    void probe() {
        probeQueued.set(false);
        if (closed) {
            return;
        }
        try {
            Admin client = admin();
            DescribeClusterResult result = client.describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            Collection<Node> nodes = result.nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            String clusterId = result.clusterId().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            setAvailable(!nodes.isEmpty(), nodes.size(), clusterId, nodes.isEmpty() ? "no brokers" : null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            setAvailable(false, 0, null, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        if (available) {
            runPendingTasks();
        }
    }

    void setAvailable(boolean up, int nodeCount, String clusterId, String error) {
        boolean was = available;
        available = up;
        State previous = state;
        state = new State(up, nodeCount, clusterId, error, up == previous.available() ? previous.since() : Instant.now());
        if (up && !was) {
            log.info("Kafka is available ({} broker(s), cluster {}, bootstrap {})", nodeCount, clusterId, bootstrapServers);
            tasks.forEach(t -> t.pending().set(true));
        } else if (!up && was) {
            log.warn("Kafka is unavailable (bootstrap {}): {}", bootstrapServers, error);
        } else if (!up && NOT_PROBED.equals(previous.lastError())) {
            log.warn("Kafka is not reachable yet (bootstrap {}): {}", bootstrapServers, error);
        }
    }

    void runPendingTasks() {
        if (tasks.stream().noneMatch(t -> t.pending().get()) || !tasksRunning.compareAndSet(false, true)) {
            return;
        }
        try {
            recovery.execute(() -> {
                try {
                    for (Task task : tasks) {
                        if (closed || !available) {
                            return;
                        }
                        if (task.pending().get()) {
                            try {
                                if (task.action().getAsBoolean()) {
                                    task.pending().set(false);
                                }
                            } catch (RuntimeException e) {
                                log.warn("Kafka recovery task '{}' failed, will retry: {}", task.name(), e.toString());
                            }
                        }
                    }
                } finally {
                    tasksRunning.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            tasksRunning.set(false);
            logRejected("recovery tasks", e);
        }
    }

    /** Rejection is expected once closed (shutdown races a late failure report); before that it is a bug. */
    private void logRejected(String what, RejectedExecutionException e) {
        if (closed) {
            log.debug("Kafka availability is closed; {} not run", what);
        } else {
            log.error("Kafka availability could not schedule its {}", what, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        available = false;
        prober.shutdownNow();
        recovery.shutdownNow();
        try {
            prober.awaitTermination(2, TimeUnit.SECONDS);
            recovery.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}
