package io.streamgate.platform.outbox.internal;

import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.platform.kafka.PublishException;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay under faults, on the real broker and Postgres: keys that cannot be published beside keys that can, at
 * 1,000 events a second; acknowledgements that come after the lease; a stop while sends are in flight. Each test runs
 * its relays on an outbox database of its own ({@link IsolatedOutbox}), so no other relay of the test JVM takes its
 * rows, and publishes through the application's real publisher with scripted faults ({@link ScriptedPublisher}).
 */
class OutboxRelayFaultsTest extends EndToEndTest {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelayFaultsTest.class);

    private static final Duration SECOND = Duration.ofSeconds(1);
    /** How many keys the lease tests write, two events each. */
    private static final int KEYS = 20;
    /**
     * The keys of the two tests at 1,000 events a second, the same in both: every key published to order-events
     * joins order details' index of order ids, which the test JVM shares.
     */
    private static final String LOAD_KEYS = "outbox-relay-load-";

    @Autowired
    JdbcConnectionDetails database;
    @Autowired
    EventPublisher realPublisher;

    IsolatedOutbox outbox;
    final List<ScriptedPublisher> publishers = new ArrayList<>();

    @BeforeEach
    void ownOutbox() {
        outbox = new IsolatedOutbox(database);
    }

    @AfterEach
    void closeOutbox() {
        outbox.close();
        publishers.forEach(ScriptedPublisher::close);
    }

    private ScriptedPublisher publisher() {
        ScriptedPublisher publisher = new ScriptedPublisher(realPublisher);
        publishers.add(publisher);
        return publisher;
    }

    /**
     * A partition without leader, as the relay sees it: every publish of its keys fails after the delivery timeout
     * (3 s). The other keys are published within a second of their commit the whole time, and none of them waits
     * longer than a second in the table.
     */
    @Test
    void publishesEveryOtherKeyWithinASecondWhileThePublishesOfSomeKeysTimeOut() {
        String prefix = LOAD_KEYS;
        ScriptedPublisher publisher = publisher()
                .failing(key -> key.startsWith(prefix + "bad-"), PublishException.Kind.TIMEOUT, Duration.ofSeconds(3));
        outbox.relay("relay-a", publisher, Duration.ofSeconds(10));

        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS)) {
            Load load = writeAtAThousandASecond(prefix);

            assertGoodKeysPublishedWithinASecond(load, publisher, probe);
            Map<String, Object> head = outbox.jdbc().queryForMap("""
                    SELECT count(*) AS keys, bool_and(retry_at IS NOT NULL) AS retrying,
                           bool_and(parked_at IS NULL) AS not_parked, min(attempts) AS attempts,
                           bool_and(last_error LIKE 'TIMEOUT%') AS timed_out
                    FROM outbox_held h
                    WHERE id = (SELECT min(id) FROM outbox_held o WHERE o.event_key = h.event_key)""");
            assertThat(head).as("every failing key waits for a retry, none is parked")
                    .containsEntry("keys", (long) Load.BAD_KEYS).containsEntry("retrying", true)
                    .containsEntry("not_parked", true).containsEntry("timed_out", true);
            assertThat(rowsOf(prefix + "bad-")).as("nothing of the failing keys is lost")
                    .isEqualTo(load.badRows.get());
        }
    }

    /**
     * One row that no build can decode, first of its key, beside good rows at 1,000 a second: it is parked with its
     * reason, its key's later rows wait behind it, every other key is published within a second; the relay's metrics
     * and health show the parked row; dropped as docs/outbox.md says, its key's later rows go, in order.
     */
    @Test
    void parksARowThatCanNeverBePublishedAndPublishesEveryOtherKeyWithinASecond() {
        String prefix = LOAD_KEYS;
        ScriptedPublisher publisher = publisher();
        IsolatedOutbox.Relay relay = outbox.relay("relay-a", publisher, Duration.ofSeconds(10));
        String badKey = prefix + "bad-0";
        long garbage = outbox.appendGarbage(badKey);

        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS)) {
            Load load = writeAtAThousandASecond(prefix);

            assertGoodKeysPublishedWithinASecond(load, publisher, probe);
            Map<String, Object> parked = outbox.jdbc().queryForMap(
                    "SELECT parked_at IS NOT NULL AS parked, last_error FROM outbox_held WHERE id = ?", garbage);
            assertThat(parked.get("parked")).isEqualTo(true);
            assertThat((String) parked.get("last_error")).startsWith("INVALID_EVENT");
            assertThat(publisher.calls).noneMatch(call -> call.key().equals(badKey));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(relay.metrics.sample().parked()).isEqualTo(1);
                assertThat(relay.health.health().getStatus()).isEqualTo(Status.DOWN);
                assertThat(relay.health.health().getDetails()).containsEntry("parked", 1L);
            });

            outbox.jdbc().update("DELETE FROM outbox_held WHERE id = ?", garbage); // docs/outbox.md: drop it

            List<Long> versions = awaitVersions(probe, badKey, load.badVersions(badKey));
            assertThat(versions).as("the key's later events, in order")
                    .isEqualTo(LongStream.rangeClosed(1, load.badVersions(badKey)).boxed().toList());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(relay.metrics.sample().parked()).isZero();
                assertThat(relay.health.health().getStatus()).isEqualTo(Status.UP);
            });
        }
    }

    /** A record the broker rejects is parked; released as docs/outbox.md says, it and its key's later events go. */
    @Test
    void publishesAParkedEventAndItsKeysLaterOnesOnceAnOperatorReleasesIt() {
        String key = prefix("rejected") + "0";
        ScriptedPublisher publisher = publisher()
                .failing(key::equals, PublishException.Kind.REJECTED, Duration.ZERO);
        outbox.relay("relay-a", publisher, Duration.ofSeconds(10));
        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS)) {
            UUID first = outbox.append(key, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.jdbc().queryForObject(
                    "SELECT count(*) FROM outbox_held WHERE event_id = ? AND parked_at IS NOT NULL", Long.class,
                    first) == 1);
            outbox.append(key, 2);
            outbox.append(key, 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.jdbc().queryForObject(
                    "SELECT count(*) FROM outbox_held WHERE event_key = ?", Long.class, key) == 3);
            assertThat(publisher.callsFor(key)).as("a parked key is not tried again").isEqualTo(1);

            publisher.failing(k -> false, PublishException.Kind.REJECTED, Duration.ZERO); // the cause is fixed
            outbox.jdbc().update("UPDATE outbox_held SET parked_at = NULL WHERE event_id = ?", first); // release it

            assertThat(awaitVersions(probe, key, 3)).containsExactly(1L, 2L, 3L);
            await().atMost(Duration.ofSeconds(10)).until(() -> rowsOf(key) == 0);
        }
    }

    /**
     * Acknowledgements that come after the lease, to a relay that lost its lease meanwhile (its database is cut off,
     * so it can renew nothing, and another relay takes its shards over): it sends nothing more, although the acks
     * of its first events arrive and their keys have more events.
     */
    @Test
    void sendsNothingMoreOnceItsLeaseIsLostWhileAcknowledgementsComeAfterTheLease() {
        String prefix = prefix("lost-lease");
        SlowRelay first = slowRelay(Duration.ofSeconds(3));
        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS)) {
            Set<UUID> all = twoEventsPerKeyWithTheFirstInFlight(prefix, first.publisher());

            first.relay().cut.set(true);
            outbox.relay("relay-b", publisher(), SECOND);

            probe.awaitAll(prefix, OrderEvent::getEventId, all);
            await().atMost(Duration.ofSeconds(10)).until(() -> first.publisher().answered.get() == KEYS);
            await().during(SECOND).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(first.publisher().calls)
                            .as("what the relay that lost its lease sent: the first event of each key only")
                            .hasSize(KEYS));
        }
    }

    /**
     * A relay stopped while its sends are in flight and their acks come after its lease would have run out: it waits
     * for them (renewing its leases) and only then hands its shards over, so no event is published twice.
     */
    @Test
    void stopWaitsForTheSendsInFlightBeforeHandingItsShardsOver() {
        String prefix = prefix("stop");
        SlowRelay first = slowRelay(Duration.ofMillis(2500));
        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS)) {
            Set<UUID> all = twoEventsPerKeyWithTheFirstInFlight(prefix, first.publisher());

            Thread stopping = Thread.ofPlatform().start(first.relay()::stop);
            outbox.relay("relay-b", publisher(), SECOND);

            probe.awaitAll(prefix, OrderEvent::getEventId, all);
            await().atMost(Duration.ofSeconds(40)).until(() -> !stopping.isAlive());
            await().during(SECOND).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(probe.drain()).filteredOn(r -> r.key().startsWith(prefix))
                        .extracting(r -> r.value().getEventId()).as("each event once").doesNotHaveDuplicates()
                        .containsAll(all);
                assertThat(first.publisher().calls).as("the stopping relay sent nothing after its first events")
                        .hasSize(KEYS);
            });
        }
    }

    /** The relay's sends never run on the thread that completed the previous one (the producer's I/O thread). */
    @Test
    void neverSendsFromThePublishersCompletionThread() {
        String prefix = prefix("threads");
        ScriptedPublisher publisher = publisher();
        outbox.relay("relay-a", publisher, Duration.ofSeconds(10));
        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS)) {
            Set<UUID> all = new HashSet<>();
            outbox.inTransaction(() -> {
                for (int v = 1; v <= 5; v++) {
                    for (int k = 0; k < 20; k++) {
                        all.add(outbox.appendInTransaction(prefix + k, v));
                    }
                }
            });

            probe.awaitAll(prefix, OrderEvent::getEventId, all);

            assertThat(publisher.calls).hasSize(100)
                    .allSatisfy(call -> assertThat(call.thread()).isEqualTo("streamgate-outbox-relay"));
        }
    }

    // ---- load -----------------------------------------------------------------------------------------------------

    /** What {@link #writeAtAThousandASecond} wrote: per good event, its commit time. */
    static final class Load {
        static final int BAD_KEYS = 20;
        static final int GOOD_KEYS = 100;
        final Map<UUID, Long> goodCommittedAt = new ConcurrentHashMap<>();
        final Map<String, Long> badLastVersion = new ConcurrentHashMap<>();
        final AtomicLong badRows = new AtomicLong();
        long maxGoodAgeMillis;

        long badVersions(String key) {
            return badLastVersion.getOrDefault(key, 0L);
        }
    }

    /**
     * Five seconds of 1,000 events a second, in transactions of 20 every 20 ms: 19 of each 20 for 100 good keys
     * (each key a new version about every 0.1 s), one for one of 20 bad keys (each a new version every 0.4 s).
     * Samples the age of the oldest good row in the table every 100 ms meanwhile.
     */
    private Load writeAtAThousandASecond(String prefix) {
        Load load = new Load();
        AtomicLong oldest = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon(true).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Long age = outbox.jdbc().queryForObject("""
                        SELECT COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)) * 1000, 0)::bigint
                        FROM outbox_events WHERE event_key LIKE ?""", Long.class, prefix + "good-%");
                oldest.accumulateAndGet(age == null ? 0 : age, Math::max);
                LockSupport.parkNanos(100_000_000L);
            }
        });
        long next = System.nanoTime();
        int good = 0;
        int bad = 0;
        for (int tx = 0; tx < 250; tx++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += 20_000_000L;
            Map<UUID, Long> written = new HashMap<>();
            int firstGood = good;
            int thisBad = bad++;
            outbox.inTransaction(() -> {
                for (int i = 0; i < 19; i++) {
                    int n = firstGood + i;
                    String key = prefix + "good-" + (n % Load.GOOD_KEYS);
                    written.put(outbox.appendInTransaction(key, n / Load.GOOD_KEYS + 1), 0L);
                }
                String badKey = prefix + "bad-" + (thisBad % Load.BAD_KEYS);
                outbox.appendInTransaction(badKey, thisBad / Load.BAD_KEYS + 1);
            });
            good += 19;
            long now = System.currentTimeMillis();
            written.keySet().forEach(id -> load.goodCommittedAt.put(id, now));
            load.badLastVersion.put(prefix + "bad-" + (thisBad % Load.BAD_KEYS), (long) (thisBad / Load.BAD_KEYS + 1));
            load.badRows.incrementAndGet();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.jdbc().queryForObject(
                "SELECT count(*) FROM outbox_events WHERE event_key LIKE ?", Long.class, prefix + "good-%") == 0);
        sampler.interrupt();
        load.maxGoodAgeMillis = oldest.get();
        return load;
    }

    private void assertGoodKeysPublishedWithinASecond(Load load, ScriptedPublisher publisher,
                                                      TopicProbe<OrderEvent> probe) {
        List<ConsumerRecord<String, OrderEvent>> records = probe.awaitAll("", OrderEvent::getEventId,
                load.goodCommittedAt.keySet());
        long slowest = load.goodCommittedAt.entrySet().stream()
                .mapToLong(e -> publisher.ackedAt.get(e.getKey().toString()) - e.getValue()).max().orElseThrow();
        log.info("{} good events: slowest commit-to-ack {} ms, oldest good row seen waiting {} ms",
                load.goodCommittedAt.size(), slowest, load.maxGoodAgeMillis);
        assertThat(slowest).as("longest time from a good event's commit to its ack (ms)").isLessThan(1000);
        assertThat(load.maxGoodAgeMillis).as("oldest good row ever seen waiting (ms)").isLessThan(1000);
        Map<String, List<Long>> versions = new LinkedHashMap<>();
        Set<UUID> seen = new HashSet<>();
        records.stream().filter(r -> load.goodCommittedAt.containsKey(r.value().getEventId()))
                .filter(r -> seen.add(r.value().getEventId()))
                .forEach(r -> versions.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value().getVersion()));
        versions.forEach((key, seenVersions) -> assertThat(seenVersions).as("versions of %s", key).isSorted());
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private record SlowRelay(ScriptedPublisher publisher, IsolatedOutbox.Relay relay) {
    }

    /** A relay whose acknowledgements come {@code ackDelay} late, once it owns every shard. */
    private SlowRelay slowRelay(Duration ackDelay) {
        ScriptedPublisher slow = publisher().delayingAcks(ackDelay);
        IsolatedOutbox.Relay relay = outbox.relay("relay-slow", slow, SECOND);
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.ownedShards() == 16);
        return new SlowRelay(slow, relay);
    }

    /**
     * Two events for each of {@link #KEYS} keys in one transaction; returns their ids once the slow relay has sent the
     * first event of each key (their acks still to come; a key's second event waits for its first's ack).
     */
    private Set<UUID> twoEventsPerKeyWithTheFirstInFlight(String prefix, ScriptedPublisher slow) {
        Set<UUID> all = new HashSet<>();
        outbox.inTransaction(() -> {
            for (int k = 0; k < KEYS; k++) {
                all.add(outbox.appendInTransaction(prefix + k, 1));
                all.add(outbox.appendInTransaction(prefix + k, 2));
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.calls.size() == KEYS);
        return all;
    }

    private long rowsOf(String keyPrefix) {
        return outbox.jdbc().queryForObject("""
                SELECT (SELECT count(*) FROM outbox_events WHERE event_key LIKE ?)
                     + (SELECT count(*) FROM outbox_held WHERE event_key LIKE ?)""", Long.class,
                keyPrefix + "%", keyPrefix + "%");
    }

    private static String prefix(String test) {
        return "relay-" + test + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }


    /** The versions of {@code key} in the topic, first occurrences, once there are {@code count} of them. */
    private List<Long> awaitVersions(TopicProbe<OrderEvent> probe, String key, long count) {
        List<Long> versions = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            versions.clear();
            Set<UUID> seen = new HashSet<>();
            probe.drain().stream().filter(r -> r.key().equals(key)).filter(r -> seen.add(r.value().getEventId()))
                    .forEach(r -> versions.add(r.value().getVersion()));
            return versions.size() >= count;
        });
        return versions;
    }
}
