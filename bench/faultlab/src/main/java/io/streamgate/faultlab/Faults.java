package io.streamgate.faultlab;

import io.streamgate.devstack.BrokerNetwork;
import io.streamgate.devstack.DevStack;
import io.streamgate.devstack.EmbeddedKafka;
import io.streamgate.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The fault schedule: each fault alone, then mixed. Kafka faults pick their victim when they strike (the leader of
 * {@code payments}' partition 0, the active controller), so they hit what matters at that moment. The network faults
 * ({@code partition}, {@code isolate}) are in the schedule only when the brokers run in network namespaces
 * ({@code NETNS=1}), and {@code disk-full} only when a broker's storage is on the lab's tmpfs ({@code DISK_FULL=1}).
 */
final class Faults {

    /** How long a broker stays cut off, and how long a full disk is left full. */
    static final Duration NETWORK_HOLD = Duration.ofSeconds(30);
    static final Duration DISK_FULL_HOLD = Duration.ofSeconds(30);

    private final DevStack stack;
    private final Admin admin;
    private final List<AppInstance> apps;
    private final Profile profile;
    private final DiskFull diskFull;
    private final int diskFullNode;

    Faults(DevStack stack, Admin admin, List<AppInstance> apps, Profile profile) {
        this(stack, admin, apps, profile, null, 0);
    }

    /** With {@code diskFull} the tmpfs under node {@code diskFullNode}'s storage, or null. */
    Faults(DevStack stack, Admin admin, List<AppInstance> apps, Profile profile, DiskFull diskFull,
           int diskFullNode) {
        this.stack = stack;
        this.admin = admin;
        this.apps = apps;
        this.profile = profile;
        this.diskFull = diskFull;
        this.diskFullNode = diskFullNode;
    }

    /** Every fault by name, in schedule order; mixed ones last. */
    List<Fault> schedule() {
        List<Fault> alone = List.of(leaderKill(), brokerFreeze(), controllerKill(), registryStop(), postgresRestart(),
                appKill(apps.get(1)), appFreeze(apps.get(2)));
        List<Fault> all = new ArrayList<>(alone);
        boolean network = stack.kafkaCluster().inNamespaces();
        if (network) {
            all.add(partition());
            all.add(isolate());
        }
        if (diskFull != null) {
            all.add(diskFull());
        }
        all.add(Fault.mixed("mixed-leader-app", List.of(leaderKill(), appKill(apps.get(0)))));
        all.add(Fault.mixed("mixed-freeze-postgres", List.of(brokerFreeze(), postgresRestart())));
        if (network) {
            all.add(Fault.mixed("mixed-partition-app", List.of(partition(), appFreeze(apps.get(2)))));
        }
        return all;
    }

    /** Names of the faults that exist only with namespaces or the tmpfs, and what they need. */
    static String requirement(String fault) {
        return switch (fault) {
            case "partition", "isolate", "mixed-partition-app" -> "NETNS=1 (the brokers in network namespaces, root)";
            case "disk-full" -> "DISK_FULL=1 (a broker's storage on a tmpfs, root)";
            default -> null;
        };
    }

    /**
     * The leader of {@code payments}-0 cut off from the other brokers, not from the clients, for 30 s: the controller
     * fences it after the broker session timeout and elects new leaders, while the cut-off broker still believes it
     * leads and its producers' writes cannot reach the in-sync replicas (acks=all). Healed when it is registered and
     * unfenced again.
     */
    Fault partition() {
        return cutOff("partition", "the other brokers (not the clients)", BrokerNetwork::partition);
    }

    /** The leader of {@code payments}-0 cut off from everyone (brokers and clients) for 30 s, then healed. */
    Fault isolate() {
        return cutOff("isolate", "everyone (brokers and clients)", BrokerNetwork::isolate);
    }

    /** The leader of {@code payments}-0 cut off by {@code cut} for {@code NETWORK_HOLD}; healed when unfenced again. */
    private Fault cutOff(String name, String fromWhom, BiConsumer<BrokerNetwork, Integer> cut) {
        AtomicReference<Integer> victim = new AtomicReference<>();
        return new Fault(name, "cut the leader of payments-0 off from " + fromWhom + " for "
                + NETWORK_HOLD.toSeconds() + " s, then heal", NETWORK_HOLD, () -> {
            victim.set(leaderOf(Topics.PAYMENTS.name()));
            cut.accept(stack.kafkaCluster().network(), victim.get());
            FaultLab.log(name + ": broker " + victim.get() + " cut off from " + fromWhom);
        }, () -> {
            stack.kafkaCluster().network().heal(victim.get());
            awaitUnfenced(victim.get(), Duration.ofMinutes(2));
        });
    }

    /**
     * Broker {@code diskFullNode}'s tmpfs filled but a margin the load fills, for 30 s; healed by giving the space
     * back and starting the broker again (it is stopped first if it is still running with its log directory offline).
     */
    Fault diskFull() {
        EmbeddedKafka broker = stack.kafkaCluster().broker(diskFullNode);
        return new Fault("disk-full", "fill broker " + diskFullNode + "'s disk (a " + DiskFull.SIZE + " tmpfs) but "
                + DiskFull.MARGIN / 1024 + " KB, which the load fills; after " + DISK_FULL_HOLD.toSeconds()
                + " s free it and restart the broker", DISK_FULL_HOLD, diskFull::fill, () -> {
            boolean exited = !broker.isRunning();
            FaultLab.log("disk-full: broker " + diskFullNode + (exited ? " exited by itself" : " still running")
                    + " when the space came back");
            diskFull.empty();
            if (!exited) {
                broker.stop();
            }
            broker.start();
        });
    }

    Fault leaderKill() {
        AtomicReference<EmbeddedKafka> victim = new AtomicReference<>();
        return new Fault("leader-kill", "kill -9 the leader of payments-0, restart it after the hold",
                profile.killHold(), () -> {
            victim.set(stack.kafkaCluster().broker(leaderOf(Topics.PAYMENTS.name())));
            victim.get().kill();
        }, () -> victim.get().start());
    }

    Fault brokerFreeze() {
        AtomicReference<EmbeddedKafka> victim = new AtomicReference<>();
        return new Fault("broker-freeze", "SIGSTOP the leader of order-events-0 for 15 s, then SIGCONT",
                Duration.ofSeconds(15), () -> {
            victim.set(stack.kafkaCluster().broker(leaderOf(Topics.ORDER_EVENTS.name())));
            victim.get().freeze();
        }, () -> victim.get().thaw());
    }

    Fault controllerKill() {
        AtomicReference<EmbeddedKafka> victim = new AtomicReference<>();
        return new Fault("controller-kill", "kill -9 the active KRaft controller, restart it after the hold",
                profile.killHold(), () -> {
            int controller = admin.describeMetadataQuorum().quorumInfo().get().leaderId();
            victim.set(stack.kafkaCluster().broker(controller));
            victim.get().kill();
        }, () -> victim.get().start());
    }

    Fault registryStop() {
        return new Fault("registry-stop", "stop the schema registry for 30 s", Duration.ofSeconds(30),
                () -> stack.registry().stop(), () -> stack.registry().start());
    }

    Fault postgresRestart() {
        return new Fault("postgres-restart", "stop Postgres (fast shutdown) and start it again",
                Duration.ofSeconds(1), () -> stack.postgres().stop(), () -> stack.postgres().start());
    }

    Fault appKill(AppInstance app) {
        return new Fault("app-kill", "kill -9 " + app + ", restart it after the hold", profile.killHold(),
                app::kill, () -> {
            app.start();
            app.awaitReady(Duration.ofMinutes(6)); // 3 min were too short on a loaded 2-core machine
        });
    }

    Fault appFreeze(AppInstance app) {
        return new Fault("app-freeze", "SIGSTOP " + app + " for 15 s, then SIGCONT", Duration.ofSeconds(15),
                app::freeze, app::thaw);
    }

    /**
     * Waits until broker {@code id} is registered and unfenced again, as the other brokers see it: asked through an
     * admin client that knows only them (the healed broker itself would answer with its own stale view, in which it
     * was never fenced; the other brokers' metadata leaves a fenced broker out).
     */
    private void awaitUnfenced(int id, Duration timeout) throws Exception {
        String others = stack.kafkaCluster().brokers().stream().filter(broker -> broker.nodeId() != id)
                .map(EmbeddedKafka::bootstrapServers).collect(Collectors.joining(","));
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin view = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, others,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (System.nanoTime() < deadline) {
                try {
                    if (view.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                            .anyMatch(node -> node.id() == id)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // asked again
                }
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("broker " + id + " not back in the cluster " + timeout + " after the heal");
    }

    private int leaderOf(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().getFirst()
                .leader().id();
    }
}
