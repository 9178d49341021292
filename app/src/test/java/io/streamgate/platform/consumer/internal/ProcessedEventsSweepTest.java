package io.streamgate.platform.consumer.internal;

import io.streamgate.support.EndToEndTest;
import io.streamgate.support.HeldLocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dropping applied event ids past their retention on the real Postgres, as every replica's sweep does: around rows
 * another transaction holds (it never waits for them, and what it deleted is gone at once, not at the end of one huge
 * transaction), and by one replica at a time. The application's own sweepers run meanwhile, so the test checks the
 * rows, not who deleted them.
 */
class ProcessedEventsSweepTest extends EndToEndTest {

    private static final Duration RETENTION = Duration.ofDays(7);

    @Autowired
    DataSource dataSource;

    private JdbcTemplate jdbc;
    private ProcessedEvents processed;
    private String group;

    @BeforeEach
    void setUp() {
        jdbc = new JdbcTemplate(dataSource);
        processed = new ProcessedEvents(jdbc);
        group = "sweep-test-" + UUID.randomUUID();
    }

    @Test
    void shouldDropEveryExpiredIdButOneAnotherTransactionHoldsWithoutWaitingForIt() throws Exception {
        // More than two of the sweep's batches (ProcessedEvents.SWEEP_BATCH), applied 8 days ago a millisecond apart;
        // and a few applied just now.
        int expired = 25_000;
        insert("old", expired, "now() - interval '8 days' - g * interval '1 millisecond'");
        insert("new", 3, "now()");

        try (HeldLocks.Held held = HeldLocks.rows(dataSource,
                "SELECT 1 FROM processed_events WHERE consumer_group = ? AND event_id = 'old-1'", group)) {
            CompletableFuture<Integer> sweep = CompletableFuture.supplyAsync(() -> processed.deleteOlderThan(RETENTION));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(
                    () -> assertThat(olderThan(RETENTION)).as("expired ids left").isEqualTo(1));
            assertThat(sweep.get(30, TimeUnit.SECONDS)).as("ids this run deleted").isLessThanOrEqualTo(expired - 1);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            processed.deleteOlderThan(RETENTION);
            assertThat(olderThan(RETENTION)).isZero();
        });
        assertThat(total()).as("the fresh ids stay").isEqualTo(3);
    }

    @Test
    void shouldLeaveTheSweepToTheReplicaThatHoldsTheTablesSweepLock() throws Exception {
        insert("old", 5, "now() - interval '8 days'");

        try (HeldLocks.Held otherReplica = HeldLocks.advisory(dataSource, "streamgate.sweep.processed_events")) {
            assertThat(processed.deleteOlderThan(RETENTION)).isZero();
            assertThat(olderThan(RETENTION)).isEqualTo(5);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            processed.deleteOlderThan(RETENTION);
            assertThat(olderThan(RETENTION)).isZero();
        });
    }

    /** {@code count} applied ids {@code <prefix>-1}, {@code <prefix>-2}, … of this test's group. */
    private void insert(String prefix, int count, String processedAt) {
        jdbc.update("""
                INSERT INTO processed_events (consumer_group, event_id, topic, partition_no, record_offset, processed_at)
                SELECT ?, ? || '-' || g, 'order-events', 0, g, %s FROM generate_series(1, ?) AS g
                """.formatted(processedAt), group, prefix, count);
    }

    private long olderThan(Duration age) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM processed_events
                 WHERE consumer_group = ? AND processed_at < now() - make_interval(secs => ?)""",
                Long.class, group, (double) age.toSeconds());
    }

    private long total() {
        return jdbc.queryForObject("SELECT count(*) FROM processed_events WHERE consumer_group = ?", Long.class, group);
    }
}
