package io.streamgate.devstack;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.SpringApplication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The embedded services of a local run or a test JVM: Kafka (one broker, or a cluster of three), Apicurio Registry,
 * Postgres, in one data directory.
 *
 * <p>Start-up: a previous run's leftovers are cleaned up first (pid files of children, a daemonized postgres),
 * then Postgres and Kafka start in parallel, the registry as soon as Postgres is up. The registry's storage lives
 * exactly as long as the Kafka data: when the broker's storage is formatted anew, the {@code registry} database is
 * recreated, so a schema id in a stored record never points at another schema.
 *
 * <p>The data directory is locked ({@code devstack.lock}) while a stack runs in it: a second stack on the same
 * directory fails fast instead of killing the first one's processes as "stale".
 */
public final class DevStack implements AutoCloseable {

    private static final Log log = LogFactory.getLog(DevStack.class);
    static final String APP_DATABASE = "streamgate";
    static final String REGISTRY_DATABASE = "registry";
    private static final String LOCK_FILE = "devstack.lock";

    /** The services a stack can run. */
    public enum Service { KAFKA, REGISTRY, POSTGRES }

    private static DevStack shared;
    private static Path sharedDirectory;

    private final Path dataDir;
    private final boolean isShared;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgresServer postgres;
    private final KafkaCluster kafka;
    private final EmbeddedRegistry registry;
    private final DevCertificates certificates;
    private boolean closed;

    private DevStack(DevStackProperties properties, Set<Service> services) {
        this.dataDir = properties.dataDir().toAbsolutePath().normalize();
        this.isShared = properties.shared();
        try {
            Files.createDirectories(dataDir);
            this.lockChannel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            this.lock = tryLock(lockChannel);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use data directory " + dataDir, e);
        }
        if (lock == null) {
            throw new IllegalStateException("Dev stack data directory " + dataDir + " is in use by another running "
                    + "stack; stop it or choose another streamgate.devstack.data-dir");
        }
        BuildInfo build = services.contains(Service.KAFKA) || services.contains(Service.REGISTRY)
                ? BuildInfo.load() : null;
        this.certificates = properties.tls().enabled() ? DevCertificates.in(tlsDirectory(dataDir)) : null;
        boolean needsPostgres = services.contains(Service.POSTGRES) || services.contains(Service.REGISTRY);
        this.postgres = needsPostgres
                ? new EmbeddedPostgresServer(dataDir, properties.postgres().port(), properties.startupTimeout(),
                certificates)
                : null;
        this.kafka = services.contains(Service.KAFKA)
                ? new KafkaCluster(build, dataDir, properties.brokers(), properties.kafka().port(),
                properties.kafka().controllerPort(), properties.kafka().heap(), properties.startupTimeout(),
                properties.kafka().tlsPort(), certificates, properties.netns(),
                ChildProcess.options(properties.kafka().jvmOptions()))
                : null;
        this.registry = services.contains(Service.REGISTRY)
                ? new EmbeddedRegistry(build, postgres, dataDir, properties.registry().port(),
                properties.registry().managementPort(), properties.registry().heap(), properties.startupTimeout(),
                properties.registry().httpsPort(), certificates,
                ChildProcess.options(properties.registry().jvmOptions()))
                : null;
    }

    /**
     * Starts the given services in {@code properties.dataDir()} and returns once all are ready. The registry brings
     * Postgres along (its storage) even when Postgres is not asked for. The caller closes the stack.
     */
    public static DevStack start(DevStackProperties properties, Set<Service> services) {
        DevStack stack = new DevStack(properties, services.isEmpty() ? EnumSet.noneOf(Service.class)
                : EnumSet.copyOf(services));
        try {
            stack.startServices();
            return stack;
        } catch (RuntimeException e) {
            stack.shutdown();
            throw e;
        }
    }

    /**
     * The JVM-wide stack for tests: all services, started on first call in a fresh temporary directory on free
     * ports, stopped (and its directory deleted) when the JVM exits, after its Spring contexts are closed
     * ({@link #stopAfterTheSpringContexts}). {@link #close()} does not stop it, so Spring contexts come and go while
     * the stack stays.
     */
    public static synchronized DevStack shared(DevStackProperties properties) {
        if (shared == null) {
            Path directory = sharedDirectory();
            DevStack stack = start(properties.withFreePortsIn(directory), EnumSet.allOf(Service.class));
            stopAfterTheSpringContexts(() -> {
                stack.shutdown();
                deleteRecursively(directory);
            });
            shared = stack;
        }
        return shared;
    }

    /**
     * Runs {@code stop} when the JVM exits, once every Spring application context of the JVM is closed: as one of
     * Spring Boot's shutdown handlers, which its shutdown hook runs after closing the contexts. A JVM shutdown hook of
     * its own would run at the same time as Spring's: the test JVM's cached contexts then closed against a stopped
     * broker and database, each waiting for them (a consumer for its group coordinator, a connection pool for its
     * connections), until Surefire killed the JVM 30 s after {@code System.exit}.
     */
    static void stopAfterTheSpringContexts(Runnable stop) {
        SpringApplication.getShutdownHandlers().add(stop);
    }

    /**
     * The data directory of this JVM's {@linkplain #shared shared} stack, a fresh temporary one, made on first call
     * (before the stack starts: the development certificates live there too). Deleted with the stack.
     */
    static synchronized Path sharedDirectory() {
        if (sharedDirectory == null) {
            Path base = Path.of(System.getProperty("java.io.tmpdir"), "streamgate-devstack");
            sweepAbandoned(base);
            try {
                Files.createDirectories(base);
                sharedDirectory = Files.createTempDirectory(base, "shared-");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temporary data directory in " + base, e);
            }
        }
        return sharedDirectory;
    }

    /** Where the stack in {@code dataDir} keeps its CA and certificates. */
    static Path tlsDirectory(Path dataDir) {
        return dataDir.resolve("tls");
    }

    /** {@link #shared(DevStackProperties)} with the default settings: what tests call to reach the stack. */
    public static DevStack shared() {
        return shared(DevStackProperties.defaults());
    }

    private void startServices() {
        long begin = System.nanoTime();
        // Leftovers of a killed JVM first: children before postgres, which waits for their sessions otherwise.
        if (registry != null) {
            registry.cleanUpStale();
        }
        if (kafka != null) {
            kafka.cleanUpStale();
        }
        if (postgres != null) {
            postgres.stopStalePostgres();
        }
        boolean kafkaStorageIsNew = kafka != null && kafka.needsFormat();
        try (ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "devstack-start");
            thread.setDaemon(true);
            return thread;
        })) {
            List<CompletableFuture<Void>> started = new ArrayList<>();
            if (kafka != null) {
                started.add(CompletableFuture.runAsync(() -> {
                    long t = System.nanoTime();
                    kafka.start();
                    kafka.logStarted(millisSince(t));
                }, executor));
            }
            if (postgres != null) {
                started.add(CompletableFuture.runAsync(() -> {
                    long t = System.nanoTime();
                    postgres.start();
                    postgres.createDatabaseIfAbsent(APP_DATABASE);
                    log.info("Dev stack: Postgres at " + postgres.jdbcUrl() + " (" + millisSince(t) + " ms)");
                    if (registry != null) {
                        if (kafkaStorageIsNew) {
                            // New Kafka storage: no record refers to any schema id any more; start ids afresh too.
                            postgres.recreateDatabase(REGISTRY_DATABASE);
                        } else {
                            postgres.createDatabaseIfAbsent(REGISTRY_DATABASE);
                        }
                        long r = System.nanoTime();
                        registry.start();
                        log.info("Dev stack: Apicurio Registry " + registry.version() + " at " + registry.url()
                                + " (" + millisSince(r) + " ms, log " + registry.logFile() + ")");
                    }
                }, executor));
            }
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        log.info("Dev stack started in " + millisSince(begin) + " ms, data in " + dataDir);
    }

    /**
     * The broker, or node 1 of a cluster; fails if this stack does not run Kafka (an external one is configured).
     */
    public EmbeddedKafka kafka() {
        return kafkaCluster().broker(1);
    }

    /** Every Kafka node this stack runs (one by default). */
    public KafkaCluster kafkaCluster() {
        return require(kafka, "Kafka");
    }

    public EmbeddedRegistry registry() {
        return require(registry, "the schema registry");
    }

    public EmbeddedPostgresServer postgres() {
        return require(postgres, "Postgres");
    }

    public boolean runs(Service service) {
        return switch (service) {
            case KAFKA -> kafka != null;
            case REGISTRY -> registry != null;
            case POSTGRES -> postgres != null;
        };
    }

    /** Every node's address, comma-separated. */
    public String bootstrapServers() {
        return kafkaCluster().bootstrapServers();
    }

    /** The Confluent-compatible API base URL of the registry. */
    public String registryUrl() {
        return registry().url();
    }

    /** JDBC URL of the application's database ({@code streamgate}). */
    public String jdbcUrl() {
        return postgres().jdbcUrl();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The local CA and the certificates its services serve; null when TLS is off. */
    public DevCertificates certificates() {
        return certificates;
    }

    public boolean isShared() {
        return isShared;
    }

    /** Stops everything, unless this is the {@linkplain #shared shared} stack, which lives as long as the JVM. */
    @Override
    public void close() {
        if (!isShared) {
            shutdown();
        }
    }

    /** Registry and broker in parallel (the broker's controlled shutdown takes a few seconds), then Postgres. */
    synchronized void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            CompletableFuture<Void> registryStopped = registry == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.runAsync(registry::stop);
            if (kafka != null) {
                kafka.stop();
            }
            registryStopped.join();
        } finally {
            if (postgres != null) {
                postgres.stop();
            }
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                log.warn("Cannot release " + dataDir.resolve(LOCK_FILE), e);
            }
            log.info("Dev stack stopped");
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            return null;
        }
    }

    /**
     * Stops what a killed JVM's stack left running in {@code dataDir}, without starting anything: the children its pid
     * files name (registry, brokers), still ours by their marker, and the daemonized Postgres on that directory. For a
     * caller that reuses or deletes a fixed directory (the fault lab's build test): a stack's own start does this too.
     * Fails if a stack runs in that directory now.
     */
    public static void stopLeftovers(Path dataDir) {
        Path directory = dataDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock free = tryLock(channel);
            if (free == null) {
                throw new IllegalStateException("A dev stack is running in " + directory);
            }
            try {
                stopChildrenAndPostgres(directory);
            } finally {
                free.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use data directory " + directory, e);
        }
    }

    /** The children named in {@code directory}'s pid files and its Postgres; the caller holds the directory's lock. */
    private static void stopChildrenAndPostgres(Path directory) {
        new ChildProcess("registry", directory).cleanUpStale(java.time.Duration.ofSeconds(20));
        for (String broker : KafkaCluster.childNames(3)) {
            new ChildProcess(broker, directory).cleanUpStale(java.time.Duration.ofSeconds(30));
        }
        new EmbeddedPostgresServer(directory, 1, java.time.Duration.ofMinutes(1)).stopStalePostgres();
    }

    /**
     * Shared stacks of test JVMs that were killed (their directory is no longer locked): stop what they left
     * running (postgres is daemonized, so it survives its JVM) and delete their directories.
     */
    private static void sweepAbandoned(Path base) {
        if (!Files.isDirectory(base)) {
            return;
        }
        try (Stream<Path> directories = Files.list(base)) {
            long recent = System.currentTimeMillis() - 60_000;
            for (Path directory : directories.filter(Files::isDirectory).toList()) {
                if (Files.getLastModifiedTime(directory).toMillis() > recent) {
                    continue; // possibly another JVM's stack that has not taken its lock yet
                }
                try (FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
                    FileLock abandoned = tryLock(channel);
                    if (abandoned == null) {
                        continue;
                    }
                    stopChildrenAndPostgres(directory);
                    abandoned.release();
                }
                deleteRecursively(directory);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not clean up abandoned dev stacks in " + base, e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete " + directory, e);
        }
    }

    private static <T> T require(T service, String name) {
        if (service == null) {
            throw new IllegalStateException("This dev stack does not run " + name + " (an external one is configured)");
        }
        return service;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Override
    public String toString() {
        return "DevStack[" + dataDir + "]";
    }
}
