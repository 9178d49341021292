package io.streamgate.outbox;

import io.streamgate.platform.outbox.Outbox;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderEventVersions;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.OutboxLedger;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.streamgate.devstack.DevStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The outbox in one instance, on the real stack: what commits is published, what rolls back never is, in key order. */
class OutboxTest extends EndToEndTest {

    @Autowired
    Outbox outbox;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    OutboxLedger ledger;

    @BeforeEach
    void setUp() {
        OutboxLedger.createTable(jdbc);
        ledger = new OutboxLedger(jdbc, transactions, outbox);
    }

    @Test
    void publishesAnEventForEveryCommittedChangeAndNoneForARolledBackOne() {
        String prefix = prefix("commit");
        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS)) {
            Set<UUID> committed = new HashSet<>();
            Set<UUID> rolledBack = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                if (i % 4 == 3) {
                    rolledBack.add(ledger.rollBack(prefix + i, 1, "test"));
                } else {
                    committed.add(ledger.commit(prefix + i, 1, "test"));
                }
            }

            List<ConsumerRecord<String, OrderEvent>> records = probe.awaitAll(prefix, OrderEvent::getEventId, committed);
            awaitOutboxEmpty(prefix);

            assertThat(records).extracting(r -> r.value().getEventId()).containsExactlyInAnyOrderElementsOf(committed)
                    .doesNotContainAnyElementsOf(rolledBack);
            ConsumerRecord<String, OrderEvent> first = records.getFirst();
            UUID id = first.value().getEventId();
            assertThat(first.key()).isEqualTo(first.value().getOrderId());
            assertThat(header(first, "event-id")).isEqualTo(id.toString());
            assertThat(header(first, "X-Request-ID")).isEqualTo("req-" + id);
            OrderEvent appended = OutboxLedger.event(first.key(), 1, id);
            assertThat(first.value().getVersion()).isEqualTo(1);
            assertThat(first.value().getEventType()).isEqualTo(appended.getEventType());
            assertThat(first.value().getRequestId()).isEqualTo("req-" + id);
            assertThat(first.value().getOrder().getTotal()).isEqualByComparingTo("25.00");
            assertThat(first.value().getOrder().getItems()).isEqualTo(appended.getOrder().getItems());
            assertThat(OutboxLedger.committed(jdbc, prefix)).containsOnlyKeys(committed);
        }
    }

    @Test
    void refusesAnAppendOutsideATransaction() {
        String key = prefix("no-tx") + 0;
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> outbox.append(Topics.ORDER_EVENTS, key, id, OutboxLedger.event(key, 1, id), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_events WHERE event_key = ?", Long.class, key))
                .isZero();
    }

    @Test
    void publishesTheEventsOfEachKeyInVersionOrder() {
        String prefix = prefix("order");
        int writers = 6;
        int keysPerWriter = 5;
        int versions = 20;
        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS);
             ExecutorService threads = Executors.newFixedThreadPool(writers)) {
            List<CompletableFuture<List<UUID>>> written = IntStream.range(0, writers)
                    .mapToObj(w -> CompletableFuture.supplyAsync(() -> {
                        List<UUID> ids = new ArrayList<>();
                        for (int v = 1; v <= versions; v++) {
                            for (int k = 0; k < keysPerWriter; k++) {
                                ids.add(ledger.commit(prefix + w + "-" + k, v, "writer-" + w));
                            }
                        }
                        return ids;
                    }, threads)).toList();
            Set<UUID> all = new HashSet<>();
            written.forEach(f -> all.addAll(f.join()));

            List<ConsumerRecord<String, OrderEvent>> records = probe.awaitAll(prefix, OrderEvent::getEventId, all);

            Map<String, List<Long>> versionsByKey = new LinkedHashMap<>();
            records.forEach(r -> versionsByKey.computeIfAbsent(r.key(), k -> new ArrayList<>())
                    .add(r.value().getVersion()));
            assertThat(versionsByKey).hasSize(writers * keysPerWriter);
            List<Long> expected = LongStream.rangeClosed(1, versions).boxed().toList();
            versionsByKey.forEach((key, seen) -> assertThat(seen).as("versions of %s", key).isEqualTo(expected));
        }
    }

    @Test
    void serializesAppendsOfOneKeySoThatALaterAppendCannotBePublishedFirst() throws Exception {
        String key = prefix("same-key") + 0;
        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS);
             ExecutorService threads = Executors.newFixedThreadPool(2)) {
            CountDownLatch firstAppended = new CountDownLatch(1);
            CountDownLatch commitFirst = new CountDownLatch(1);
            CompletableFuture<UUID> first = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
                UUID id = ledger.write(key, 1, "first");
                firstAppended.countDown();
                try {
                    commitFirst.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return id;
            }), threads);
            firstAppended.await();

            // The second append of the key waits for the first transaction's key lock, so it cannot commit (and
            // be published) while the first, earlier in append order, is still open.
            CompletableFuture<UUID> second = CompletableFuture.supplyAsync(() -> ledger.commit(key, 2, "second"),
                    threads);
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", Long.class) > 0);
            assertThat(second).isNotDone();

            commitFirst.countDown();
            Set<UUID> both = Set.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));
            List<ConsumerRecord<String, OrderEvent>> records = probe.awaitAll(key, OrderEvent::getEventId, both);
            assertThat(records).extracting(r -> r.value().getVersion()).containsExactly(1L, 2L);
        }
    }

    @Test
    void keepsEachKeysOrderThroughAKafkaOutageAndCatchesUpWhenItReturns() {
        String prefix = prefix("outage");
        int keys = 10;
        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS)) {
            Set<UUID> all = new HashSet<>();
            for (int k = 0; k < keys; k++) {
                all.add(ledger.commit(prefix + k, 1, "test"));
            }
            probe.awaitAll(prefix, OrderEvent::getEventId, all);
            long failuresBefore = publishFailures();

            DevStack.shared().kafka().stop();
            try {
                for (int v = 2; v <= 6; v++) {
                    for (int k = 0; k < keys; k++) {
                        all.add(ledger.commit(prefix + k, v, "test"));
                    }
                }
                // The relay keeps trying (in order) while the broker is away: failures counted, rows kept (a key
                // whose send was in flight when the broker went times out and waits in outbox_held for its retry).
                await().atMost(Duration.ofSeconds(60)).until(() -> publishFailures() > failuresBefore);
                assertThat(jdbc.queryForObject("SELECT (SELECT count(*) FROM outbox_events WHERE event_key LIKE ?) "
                        + "+ (SELECT count(*) FROM outbox_held WHERE event_key LIKE ?)",
                        Long.class, prefix + "%", prefix + "%")).isEqualTo(keys * 5L);
            } finally {
                DevStack.shared().kafka().start();
            }

            List<ConsumerRecord<String, OrderEvent>> records = probe.awaitAll(prefix, OrderEvent::getEventId, all);
            awaitOutboxEmpty(prefix);

            Map<String, List<Long>> versionsByKey = new LinkedHashMap<>();
            Map<String, Set<UUID>> seen = new LinkedHashMap<>();
            records.forEach(r -> {
                if (seen.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.value().getEventId())) {
                    versionsByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value().getVersion());
                }
            });
            versionsByKey.forEach((key, versions) ->
                    assertThat(versions).as("versions of %s", key).containsExactly(1L, 2L, 3L, 4L, 5L, 6L));
        }
    }

    /**
     * A rolling deployment: the previous build (without the optional {@code request_id}) and the next one (with an
     * optional field this build does not know) append rows beside this one, each having stored its schema as its
     * first append does. This build's relay publishes both, decoded into its own schema.
     */
    @Test
    void publishesRowsWrittenWithThePreviousAndTheNextVersionOfTheEventSchema() {
        String prefix = prefix("versions");
        String olderKey = prefix + "older";
        String newerKey = prefix + "newer";
        UUID olderId = UUID.randomUUID();
        UUID newerId = UUID.randomUUID();
        OrderEvent older = OutboxLedger.event(olderKey, 1, olderId);
        OrderEvent newer = OutboxLedger.event(newerKey, 1, newerId);
        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS)) {
            transactions.executeWithoutResult(status -> {
                appendAs(OrderEventVersions.previous(), older);
                appendAs(OrderEventVersions.next(), newer);
            });

            List<ConsumerRecord<String, OrderEvent>> records = probe.awaitAll(prefix, OrderEvent::getEventId,
                    Set.of(olderId, newerId));
            awaitOutboxEmpty(prefix);

            Map<String, OrderEvent> byKey = new LinkedHashMap<>();
            records.forEach(r -> byKey.put(r.key(), r.value()));
            assertThat(byKey.get(olderKey)).as("the field added since takes its default")
                    .isEqualTo(OrderEvent.newBuilder(older).setRequestId(null).build());
            assertThat(byKey.get(newerKey)).as("the field this build does not know is dropped").isEqualTo(newer);
        }
    }

    /** What {@code Outbox.append} does in a build whose {@code order-event} schema is {@code writer}. */
    private void appendAs(org.apache.avro.Schema writer, OrderEvent event) {
        jdbc.update("INSERT INTO outbox_schemas (fingerprint, schema) VALUES (?, ?) ON CONFLICT DO NOTHING",
                OrderEventVersions.fingerprint(writer), writer.toString());
        jdbc.update("""
                INSERT INTO outbox_events (shard, topic, event_key, event_id, payload, request_id)
                VALUES (?, ?, ?, ?, ?, ?)""", Math.floorMod(event.getOrderId().hashCode(), 16),
                Topics.ORDER_EVENTS.name(), event.getOrderId(), event.getEventId(),
                OrderEventVersions.payload(writer, event), event.getRequestId());
    }

    @AfterEach
    void brokerRuns() {
        if (!DevStack.shared().kafka().isRunning()) {
            DevStack.shared().kafka().start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                http.get().uri("/readyz").exchange().expectStatus().isOk());
    }

    private long publishFailures() {
        Number failures = http.get().uri("/health").exchange().expectBody(Map.class).returnResult()
                .getResponseBody() instanceof Map<?, ?> body
                && body.get("details") instanceof Map<?, ?> details
                && details.get("outbox") instanceof Map<?, ?> outbox
                && outbox.get("publishFailures") instanceof Number n ? n : 0;
        return failures.longValue();
    }

    /**
     * A row no build can decode is parked, not retried: {@code /health} shows the outbox down with it and the metric
     * counts it, its key's later events wait behind it, and once an operator drops it as docs/outbox.md says, they
     * are published and the outbox is up again.
     */
    @Test
    void parksARowThatCanNeverBePublishedShowsItAndGoesOnOnceAnOperatorDropsIt() {
        String key = prefix("parked") + 0;
        Long garbage = jdbc.queryForObject("""
                INSERT INTO outbox_events (shard, topic, event_key, event_id, payload) VALUES (?, ?, ?, ?, ?)
                RETURNING id""", Long.class, Math.floorMod(key.hashCode(), 16), Topics.ORDER_EVENTS.name(), key,
                UUID.randomUUID(), new byte[] {1, 2, 3, 4});
        try (TopicProbe<OrderEvent> probe = probe(Topics.ORDER_EVENTS)) {
            UUID later = ledger.commit(key, 1, "test");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                http.get().uri("/health").exchange().expectBody()
                        .jsonPath("$.outbox").isEqualTo("down")
                        .jsonPath("$.details.outbox.parked").value(parked -> assertThat((Integer) parked).isPositive());
                assertThat(http.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult()
                        .getResponseBody()).containsPattern("(?m)^streamgate_outbox_parked [1-9]");
            });
            assertThat(jdbc.queryForObject("SELECT last_error FROM outbox_held WHERE id = ?", String.class, garbage))
                    .startsWith("INVALID_EVENT");
            assertThat(probe.drain()).noneMatch(r -> r.key().equals(key));

            jdbc.update("DELETE FROM outbox_held WHERE id = ?", garbage);

            probe.awaitAll(key, OrderEvent::getEventId, Set.of(later));
            awaitOutboxEmpty(key);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.get().uri("/health").exchange()
                    .expectBody().jsonPath("$.details.outbox.parked").isEqualTo(0));
        } finally {
            jdbc.update("DELETE FROM outbox_held WHERE id = ?", garbage);
            jdbc.update("DELETE FROM outbox_events WHERE id = ?", garbage);
        }
    }

    @Test
    void reportsItsBacklogInMetricsAndHealth() {
        String key = prefix("metrics") + 0;
        ledger.commit(key, 1, "test");
        awaitOutboxEmpty(key);

        String metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).contains("streamgate_outbox_waiting ", "streamgate_outbox_oldest_age_seconds ",
                "streamgate_outbox_held ", "streamgate_outbox_parked ",
                "streamgate_outbox_publish_failures_total{kind=\"KAFKA_UNAVAILABLE\"}",
                "streamgate_outbox_lag_seconds_bucket", "streamgate_outbox_published_total ");
        http.get().uri("/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.outbox").isEqualTo("up")
                .jsonPath("$.details.outbox.waiting").isNumber()
                .jsonPath("$.details.outbox.oldestAgeMs").isNumber()
                .jsonPath("$.details.outbox.held").isNumber()
                .jsonPath("$.details.outbox.parked").isEqualTo(0)
                .jsonPath("$.details.outbox.publishFailures").isNumber();
    }

    private static String prefix(String test) {
        return "outbox-" + test + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }


    private void awaitOutboxEmpty(String prefix) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT (SELECT count(*) FROM outbox_events WHERE event_key LIKE ?) "
                        + "+ (SELECT count(*) FROM outbox_held WHERE event_key LIKE ?)",
                Long.class, prefix + "%", prefix + "%") == 0);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
