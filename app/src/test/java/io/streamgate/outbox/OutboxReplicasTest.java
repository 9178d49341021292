package io.streamgate.outbox;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.support.ApplicationProcess;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.OutboxLedger;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of the application as separate processes on one database and broker, each writing outbox events
 * (the test-only writer) while all three relay: every committed event reaches Kafka, per key in version order; none
 * is published twice while nothing fails; when one instance is killed with {@code kill -9} and another paused with
 * {@code SIGSTOP}, the survivor takes their shards over once the leases expire, nothing is lost and duplicates carry
 * the original event id; the frozen one, resumed and publishing again, is then killed too. This JVM's own
 * instance runs no relay, so the three processes are the only publishers.
 */
@TestPropertySource(properties = "streamgate.outbox.relay-enabled=false")
class OutboxReplicasTest extends EndToEndTest {

    private static final List<ApplicationProcess> instances = new ArrayList<>();

    @Autowired
    JdbcConnectionDetails database;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void threeInstances() {
        OutboxLedger.createTable(jdbc);
        instances.removeIf(instance -> !instance.isAlive());
        ApplicationProcess.Stack stack = ApplicationProcess.Stack.of(kafka, registry, database);
        List<CompletableFuture<ApplicationProcess>> starting = IntStream.range(instances.size(), 3)
                .mapToObj(i -> "replica-" + UUID.randomUUID().toString().substring(0, 6))
                .map(name -> CompletableFuture.supplyAsync(() -> ApplicationProcess.start(name, stack,
                        "--streamgate.test.outbox-writer=true",
                        "--streamgate.outbox.instance-id=" + name,
                        "--streamgate.outbox.lease-duration=3s",
                        "--streamgate.outbox.batch-size=50")))
                .toList();
        starting.forEach(f -> instances.add(f.join()));
        await().atMost(Duration.ofSeconds(30)).until(() -> instances.stream().allMatch(i -> ownedShards(i) > 0));
    }

    @AfterAll
    static void stopInstances() {
        instances.forEach(ApplicationProcess::stop);
        instances.clear();
    }

    @Test
    void threeInstancesPublishEveryCommittedEventExactlyOnceInVersionOrder() {
        String prefix = prefix("steady");
        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS)) {
            instances.forEach(i -> startWriter(i, prefix, 20, 10, 200));

            await().atMost(Duration.ofSeconds(120)).until(() -> ledger(prefix).size() == 3 * 20 * 10);
            List<ConsumerRecord<String, OrderEvent>> records = awaitPublished(probe, prefix);

            assertThat(records).hasSize(600);
            assertThat(records).extracting(r -> r.value().getEventId()).doesNotHaveDuplicates();
            assertVersionOrder(records, 10);
        }
    }

    @Test
    void aKilledAndAPausedInstanceLoseNothingAndHoldNothingUp() {
        String prefix = prefix("chaos");
        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS)) {
            instances.forEach(i -> startWriter(i, prefix, 30, 20, 100));
            ApplicationProcess killed = instances.get(0);
            ApplicationProcess paused = instances.get(1);
            ApplicationProcess survivor = instances.get(2);
            // Mid-stream: each writer has committed part of its events and the relays are publishing.
            await().atMost(Duration.ofSeconds(60)).until(() -> probe.drain().stream()
                    .filter(r -> r.key().startsWith(prefix)).count() >= 300);

            killed.kill();
            paused.pause();
            try {
                // While one instance is dead and one frozen with its leases held, the survivor takes their shards
                // over and publishes everything committed so far: nothing waits for them.
                await().atMost(Duration.ofSeconds(60)).until(() -> shardsLeasedExcept(killed, paused) == 16);
                assertThat(ownedShards(survivor)).isPositive();
                Map<UUID, Long> committedSoFar = ledger(prefix);
                await().atMost(Duration.ofSeconds(60)).until(() -> probe.drain().stream()
                        .map(r -> r.value().getEventId()).collect(Collectors.toSet())
                        .containsAll(committedSoFar.keySet()));
            } finally {
                paused.resume();
            }
            // Resumed, it finds its leases expired, takes shards back in the rebalance and publishes again: then
            // a second kill -9, of an instance in the middle of publishing.
            await().atMost(Duration.ofSeconds(60)).until(() -> ownedShards(paused) > 0);
            paused.kill();

            // The survivor's writer finishes; the other two stopped wherever kill -9 caught them.
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    ledger(prefix + survivor.name() + "-").size() == 30 * 20);
            List<ConsumerRecord<String, OrderEvent>> records = awaitPublished(probe, prefix);

            Map<UUID, Long> committed = ledger(prefix);
            Map<UUID, OrderEvent> byId = new HashMap<>();
            for (ConsumerRecord<String, OrderEvent> record : records) {
                OrderEvent event = record.value();
                assertThat(committed).as("only committed events are published").containsKey(event.getEventId());
                OrderEvent earlier = byId.putIfAbsent(event.getEventId(), event);
                if (earlier != null) {
                    assertThat(event).as("a duplicate is the same event").isEqualTo(earlier);
                }
            }
            assertThat(byId.keySet()).as("every committed event is published").isEqualTo(committed.keySet());
            assertVersionOrder(records, -1);
        }
    }

    private static void startWriter(ApplicationProcess instance, String prefix, int keys, int versions,
                                    int perSecond) {
        instance.client().post().uri("/test/outbox-writer")
                .bodyValue(Map.of("keyPrefix", prefix + instance.name() + "-", "keys", keys, "versions", versions,
                        "perSecond", perSecond, "writer", instance.name()))
                .exchange().expectStatus().isOk();
    }

    /** Waits until every committed event of {@code prefix} is in the topic and the outbox holds none of them. */
    private List<ConsumerRecord<String, OrderEvent>> awaitPublished(TopicProbe<OrderEvent> probe, String prefix) {
        List<ConsumerRecord<String, OrderEvent>> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            records.clear();
            probe.drain().stream().filter(r -> r.key().startsWith(prefix)).forEach(records::add);
            return jdbc.queryForObject("SELECT count(*) FROM outbox_events WHERE event_key LIKE ?", Long.class,
                    prefix + "%") == 0
                    && records.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet())
                    .containsAll(ledger(prefix).keySet());
        });
        return records;
    }

    /**
     * Per key, the versions in topic order, with redeliveries of an already seen event left out, are 1, 2, 3, ...
     * without a gap ({@code versions} of them, or any number when negative).
     */
    private static void assertVersionOrder(List<ConsumerRecord<String, OrderEvent>> records, int versions) {
        Map<String, List<Long>> firstSeen = new LinkedHashMap<>();
        Map<String, java.util.Set<UUID>> seenIds = new HashMap<>();
        for (ConsumerRecord<String, OrderEvent> record : records) {
            if (seenIds.computeIfAbsent(record.key(), k -> new java.util.HashSet<>())
                    .add(record.value().getEventId())) {
                firstSeen.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value().getVersion());
            }
        }
        firstSeen.forEach((key, seen) -> {
            List<Long> expected = IntStream.rangeClosed(1, versions < 0 ? seen.size() : versions)
                    .mapToObj(Long::valueOf).toList();
            assertThat(seen).as("versions of %s in topic order", key).isEqualTo(expected);
        });
    }

    private Map<UUID, Long> ledger(String prefix) {
        return OutboxLedger.committed(jdbc, prefix);
    }

    private int ownedShards(ApplicationProcess instance) {
        Integer owned = jdbc.queryForObject(
                "SELECT count(*) FROM outbox_shards WHERE owner = ? AND lease_until > now()", Integer.class,
                instance.name());
        return owned == null ? 0 : owned;
    }

    private int shardsLeasedExcept(ApplicationProcess... gone) {
        List<String> names = java.util.Arrays.stream(gone).map(ApplicationProcess::name).toList();
        Integer leased = jdbc.queryForObject("""
                SELECT count(*) FROM outbox_shards WHERE lease_until > now() AND owner <> ALL(string_to_array(?, ','))""",
                Integer.class, String.join(",", names));
        return leased == null ? 0 : leased;
    }

    private static String prefix(String test) {
        return "replicas-" + test + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }
}
