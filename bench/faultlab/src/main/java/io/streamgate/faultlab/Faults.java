package io.streamgate.faultlab;

import io.streamgate.devstack.DevStack;
import io.streamgate.devstack.EmbeddedKafka;
import io.streamgate.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fault schedule: each fault alone, then mixed. Kafka faults pick their victim when they strike (the leader of
 * {@code payments}' partition 0, the active controller), so they hit what matters at that moment.
 */
final class Faults {

    private final DevStack stack;
    private final Admin admin;
    private final List<AppInstance> apps;
    private final Profile profile;

    Faults(DevStack stack, Admin admin, List<AppInstance> apps, Profile profile) {
        this.stack = stack;
        this.admin = admin;
        this.apps = apps;
        this.profile = profile;
    }

    /** Every fault by name, in schedule order; mixed ones last. */
    List<Fault> schedule() {
        List<Fault> alone = List.of(leaderKill(), brokerFreeze(), controllerKill(), registryStop(), postgresRestart(),
                appKill(apps.get(1)), appFreeze(apps.get(2)));
        List<Fault> all = new ArrayList<>(alone);
        all.add(Fault.mixed("mixed-leader-app", List.of(leaderKill(), appKill(apps.get(0)))));
        all.add(Fault.mixed("mixed-freeze-postgres", List.of(brokerFreeze(), postgresRestart())));
        return all;
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

    private int leaderOf(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().getFirst()
                .leader().id();
    }
}
