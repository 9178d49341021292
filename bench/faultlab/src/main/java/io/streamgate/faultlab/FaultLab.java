package io.streamgate.faultlab;

import io.streamgate.devstack.DevStack;
import io.streamgate.devstack.DevStackProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The fault lab: a cluster of three Kafka brokers (replication 3, min ISR 2), the registry and Postgres of the dev
 * stack, three application instances from the app's jar, a steady mixed workload writing a {@link Ledger}, a schedule
 * of {@link Faults}, then the {@link Checker} and the {@link FaultTable}. Exits 1 when anything acknowledged was lost
 * or an invariant broke. Run it with {@code bench/fault-lab.sh} (see docs/reliability.md).
 *
 * <p>Arguments: {@code --profile ci|short|long}, {@code --rate N} (requests/s), {@code --faults a,b} (a subset by name),
 * {@code --out DIR}, {@code --app-jar JAR}, {@code --netns true} (the brokers in network namespaces, for the
 * partition faults; root), {@code --disk-full true} (broker 3's storage on a small tmpfs, for the full disk; root).
 */
public final class FaultLab {

    private FaultLab() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Profile profile = Profile.named(options.getOrDefault("profile", "short"));
        if (options.containsKey("rate")) {
            profile = profile.withRate(Integer.parseInt(options.get("rate")));
        }
        Path out = Path.of(options.getOrDefault("out", "bench/results/fault-lab-" + Instant.now().getEpochSecond()))
                .toAbsolutePath();
        Path jar = Path.of(options.getOrDefault("app-jar", "app/target/streamgate-app-0.1.0-SNAPSHOT.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("No application jar at " + jar + " (./mvnw -pl app -am package)");
        }
        Set<String> only = options.containsKey("faults") ? Set.of(options.get("faults").split(","))
                : Set.copyOf(profile.faults());
        boolean netns = Boolean.parseBoolean(options.getOrDefault("netns", "false"));
        boolean diskFull = Boolean.parseBoolean(options.getOrDefault("disk-full", "false"));
        checkSelection(only, netns, diskFull);
        System.exit(new FaultLab.Run(profile, out, jar, only, netns, diskFull).run());
    }

    /** A fault named in {@code --faults} that this run cannot do fails at once, saying what it needs. */
    static void checkSelection(Set<String> only, boolean netns, boolean diskFull) {
        for (String fault : only) {
            String requirement = Faults.requirement(fault);
            boolean missing = requirement != null && (fault.equals("disk-full") ? !diskFull : !netns);
            if (missing) {
                throw new IllegalArgumentException("fault " + fault + " needs " + requirement);
            }
        }
    }

    static final class Run {
        /** The broker whose storage sits on the lab's tmpfs for the full disk. */
        private static final int DISK_FULL_NODE = 3;
        private final Profile profile;
        private final Path out;
        private final Path jar;
        private final Set<String> only;
        private final boolean netns;
        private final boolean diskFull;
        /** How long each phase took (nanoseconds), in order, for the report. */
        private final Map<String, Long> timing = new java.util.LinkedHashMap<>();

        Run(Profile profile, Path out, Path jar, Set<String> only, boolean netns, boolean diskFull) {
            this.profile = profile;
            this.out = out;
            this.jar = jar;
            this.only = only;
            this.netns = netns;
            this.diskFull = diskFull;
        }

        int run() throws Exception {
            Files.createDirectories(out);
            log("fault lab, profile " + profile + ", output in " + out);
            List<String> childOptions = profile.quickStart() ? Profile.QUICK_START_OPTIONS : List.of();
            String stackOptions = String.join(" ", childOptions); // the dev stack's setting: space-separated
            DevStackProperties properties = new DevStackProperties(true, false, out.resolve("stack"),
                    Duration.ofMinutes(4), 3, netns, new DevStackProperties.Kafka(0, 0, "256m", 0, stackOptions),
                    new DevStackProperties.Registry(0, 0, "192m", 0, stackOptions), new DevStackProperties.Postgres(0),
                    new DevStackProperties.Tls(false));
            long begin = System.nanoTime();
            List<AppInstance> apps = new ArrayList<>();
            DiskFull disk = diskFull
                    ? new DiskFull(out.resolve("stack").resolve("kafka").resolve("node-" + DISK_FULL_NODE)) : null;
            if (disk != null) {
                disk.prepare(); // before the broker formats its storage there
            }
            try (disk; DevStack stack = DevStack.start(properties, EnumSet.allOf(DevStack.Service.class));
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                         stack.bootstrapServers()))) {
                timing.put("stack ready", System.nanoTime() - begin);
                log("cluster up: " + stack.bootstrapServers() + ", registry " + stack.registryUrl() + ", "
                        + stack.jdbcUrl() + " (" + (System.nanoTime() - begin) / 1_000_000 + " ms)");
                Map<String, String> environment = new HashMap<>();
                environment.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
                environment.put("SCHEMA_REGISTRY_URL", stack.registryUrl());
                environment.put("DATABASE_URL", stack.jdbcUrl());
                environment.put("DATABASE_USERNAME", stack.postgres().username());
                environment.put("DATABASE_PASSWORD", stack.postgres().password());
                // The cluster's production settings for every topic and Streams' internal topics.
                environment.put("STREAMGATE_TOPICS_DEFAULTS_REPLICATIONFACTOR", "3");
                environment.put("STREAMGATE_TOPICS_DEFAULTS_MININSYNCREPLICAS", "2");
                environment.put("STREAMGATE_STREAMS_REPLICATIONFACTOR", "3");
                environment.put("STREAMGATE_ORDERS_LIFE_CYCLE_CONFIRM_AFTER", "2s");
                environment.put("STREAMGATE_ORDERS_LIFE_CYCLE_SHIP_AFTER", "2s");
                environment.put("RATE_LIMIT_ENABLED", "false");
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                for (int i = 1; i <= 3; i++) {
                    apps.add(new AppInstance(i, freePort(), jar, java, out, environment, childOptions));
                }
                // A lab stopped with Ctrl-C or SIGTERM stops its instances and the stack (Postgres runs daemonized).
                Thread cleanUp = new Thread(() -> {
                    stopAll(apps);
                    stack.close();
                }, "fault-lab-interrupted");
                Runtime.getRuntime().addShutdownHook(cleanUp);
                try {
                    // All three at once, as a deployment starts its replicas: each migrates (Flyway's lock), creates
                    // the topics it misses and registers the schemas; whichever comes second finds them there.
                    long appsBegin = System.nanoTime();
                    apps.forEach(AppInstance::start);
                    for (AppInstance app : apps) {
                        app.awaitReady(Duration.ofMinutes(5));
                        log(app + " ready " + (System.nanoTime() - appsBegin) / 1_000_000 + " ms after the start");
                    }
                    timing.put("instances ready", System.nanoTime() - begin);
                    log("three instances ready: " + apps + " (" + (System.nanoTime() - begin) / 1_000_000 + " ms)");
                    return exercise(stack, admin, apps, disk);
                } finally {
                    long stopping = System.nanoTime();
                    stopAll(apps);
                    try {
                        Runtime.getRuntime().removeShutdownHook(cleanUp);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook runs already
                    }
                    log("instances stopped in " + (System.nanoTime() - stopping) / 1_000_000 + " ms");
                }
            } finally {
                log("stack stopped; the lab took " + (System.nanoTime() - begin) / 1_000_000 + " ms in all");
            }
        }

        private static void stopAll(List<AppInstance> apps) {
            CompletableFuture.allOf(apps.stream().map(app -> CompletableFuture.runAsync(app::stop))
                    .toArray(CompletableFuture[]::new)).join();
        }

        private int exercise(DevStack stack, Admin admin, List<AppInstance> apps, DiskFull disk) throws Exception {
            List<Fault.Window> windows = new ArrayList<>();
            List<String> faultErrors = new ArrayList<>();
            String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
            try (Ledger ledger = new Ledger(out.resolve("ledger.csv"))) {
                Workload workload = new Workload(apps, ledger, runId, profile.rate(), 19);
                long faultsBegin = System.nanoTime();
                workload.start();
                log("workload at " + profile.rate() + " requests/s; warming up for " + profile.warmUp());
                Thread.sleep(profile.warmUp().toMillis());
                Faults faults = new Faults(stack, admin, apps, profile, disk, DISK_FULL_NODE);
                for (int round = 1; round <= profile.rounds(); round++) {
                    for (Fault fault : faults.schedule()) {
                        if (!only.isEmpty() && !only.contains(fault.name())) {
                            continue;
                        }
                        String name = profile.rounds() > 1 ? fault.name() + " #" + round : fault.name();
                        long before = System.currentTimeMillis();
                        Thread.sleep(profile.before().toMillis());
                        long injected = System.currentTimeMillis();
                        log(name + ": " + fault.description());
                        try {
                            fault.inject().run();
                            Thread.sleep(fault.hold().toMillis());
                        } catch (Exception e) {
                            faultErrors.add(name + " inject: " + e);
                            log(name + ": could not inject: " + e);
                        }
                        try {
                            fault.heal().run();
                        } catch (Exception e) {
                            faultErrors.add(name + " heal: " + e);
                            log(name + ": could not heal: " + e);
                        }
                        long healed = System.currentTimeMillis();
                        log(name + ": healed after " + (healed - injected) + " ms");
                        Thread.sleep(profile.after().toMillis());
                        windows.add(new Fault.Window(name, fault.description(), before, injected, healed,
                                System.currentTimeMillis()));
                    }
                }
                log("faults done; stopping the workload");
                workload.stop();
                timing.put("load and faults", System.nanoTime() - faultsBegin);
                List<Ledger.Entry> entries = ledger.entries();
                Checker checker = new Checker(new TopicReader(stack.bootstrapServers(), stack.registryUrl()), admin,
                        stack.jdbcUrl(), stack.postgres().username(), stack.postgres().password(), apps);
                long drainBegin = System.nanoTime();
                List<String> drained = checker.drain(Duration.ofMinutes(3));
                timing.put("drain", System.nanoTime() - drainBegin);
                log("drain: " + drained);
                long checkBegin = System.nanoTime();
                Checker.Verdict verdict = checker.check(entries);
                timing.put("check", System.nanoTime() - checkBegin);
                List<FaultTable.Row> rows = FaultTable.rows(entries, verdict.found(), windows);
                String table = FaultTable.markdown(rows);
                String report = report(entries, windows, table, verdict, drained, faultErrors);
                Files.writeString(out.resolve("report.md"), report);
                System.out.println();
                System.out.println(report);
                long lost = rows.stream().mapToLong(FaultTable.Row::lost).sum();
                return lost == 0 && verdict.violations().isEmpty() && faultErrors.isEmpty() ? 0 : 1;
            }
        }

        private String report(List<Ledger.Entry> entries, List<Fault.Window> windows, String table,
                              Checker.Verdict verdict, List<String> drained, List<String> faultErrors) {
            StringBuilder text = new StringBuilder();
            text.append("# Fault lab, profile ").append(profile.name()).append(", ").append(Instant.now())
                    .append("\n\n");
            text.append(entries.size()).append(" requests at ").append(profile.rate())
                    .append("/s over 3 instances; cluster of 3 brokers, replication 3, min ISR 2")
                    .append(netns ? ", each broker in a network namespace of its own" : "")
                    .append(diskFull ? ", broker " + DISK_FULL_NODE + "'s storage on a " + DiskFull.SIZE + " tmpfs" : "")
                    .append("\n\n");
            text.append(table).append('\n');
            text.append("## Time\n\n");
            timing.forEach((phase, nanos) -> text.append("- ").append(phase).append(": ")
                    .append(String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9)).append('\n'));
            text.append('\n');
            text.append("## Faults\n\n");
            windows.forEach(w -> text.append("- ").append(w.name()).append(": ").append(w.description())
                    .append(" (healed ").append(w.healedMillis() - w.injectedMillis()).append(" ms after injection)\n"));
            faultErrors.forEach(e -> text.append("- ERROR ").append(e).append('\n'));
            text.append("\n## Checker\n\n");
            drained.forEach(n -> text.append("- ").append(n).append('\n'));
            verdict.notes().stream().limit(200).forEach(n -> text.append("- ").append(n).append('\n'));
            text.append("\n").append(verdict.violations().size()).append(" violation(s)\n\n");
            verdict.violations().stream().limit(500).forEach(v -> text.append("- ").append(v).append('\n'));
            return text.toString();
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --profile ci|short|long [--rate N] [--faults a,b] "
                        + "[--out DIR] [--app-jar JAR] [--netns true] [--disk-full true]; got " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void log(String message) {
        System.out.println("[" + Instant.now() + "] " + message);
        System.out.flush();
    }
}
