package io.streamgate.platform.idempotency;

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
 * Dropping idempotency keys past their retention (24 h) on the real Postgres, through the platform's
 * {@link Idempotency}: around a key a request is claiming again right now (it never waits for it, and what it deleted
 * is gone at once), and by one replica at a time. The application's own sweeper runs meanwhile, so the test checks the
 * rows, not who deleted them.
 */
class IdempotencyKeysSweepTest extends EndToEndTest {

    @Autowired
    Idempotency idempotency;
    @Autowired
    DataSource dataSource;

    private JdbcTemplate jdbc;
    private String scope;

    @BeforeEach
    void setUp() {
        jdbc = new JdbcTemplate(dataSource);
        scope = "POST /sweep-test-" + UUID.randomUUID() + "|-";
    }

    @Test
    void shouldDropEveryExpiredKeyButOneARequestHoldsWithoutWaitingForIt() throws Exception {
        // More than two of the sweep's batches (IdempotencyKeys.SWEEP_BATCH), claimed 25 h ago a millisecond apart;
        // and a few claimed just now.
        int expired = 5_000;
        insert("old", expired, "now() - interval '25 hours' - g * interval '1 millisecond'");
        insert("new", 3, "now()");

        try (HeldLocks.Held retry = HeldLocks.rows(dataSource,
                "SELECT 1 FROM idempotency_keys WHERE scope = ? AND idempotency_key = 'old-1'", scope)) {
            CompletableFuture<Integer> sweep = CompletableFuture.supplyAsync(idempotency::deleteExpired);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(
                    () -> assertThat(expired()).as("expired keys left").isEqualTo(1));
            assertThat(sweep.get(30, TimeUnit.SECONDS)).as("keys this run deleted").isLessThanOrEqualTo(expired - 1);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            idempotency.deleteExpired();
            assertThat(expired()).isZero();
        });
        assertThat(total()).as("the fresh keys stay").isEqualTo(3);
    }

    @Test
    void shouldLeaveTheSweepToTheReplicaThatHoldsTheTablesSweepLock() throws Exception {
        insert("old", 5, "now() - interval '25 hours'");

        try (HeldLocks.Held otherReplica = HeldLocks.advisory(dataSource, "streamgate.sweep.idempotency_keys")) {
            assertThat(idempotency.deleteExpired()).isZero();
            assertThat(expired()).isEqualTo(5);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            idempotency.deleteExpired();
            assertThat(expired()).isZero();
        });
    }

    /** {@code count} completed keys {@code <prefix>-1}, {@code <prefix>-2}, … of this test's scope. */
    private void insert(String prefix, int count, String claimedAt) {
        jdbc.update("""
                INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, state, response_status,
                                              response_headers, response_body, claimed_at, completed_at)
                SELECT ?, ? || '-' || g, '\\x00'::bytea, 'COMPLETED', 201, '', convert_to('{"id":' || g || '}', 'UTF8'),
                       %1$s, %1$s
                  FROM generate_series(1, ?) AS g""".formatted(claimedAt), scope, prefix, count);
    }

    private long expired() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM idempotency_keys WHERE scope = ? AND claimed_at < now() - interval '24 hours'",
                Long.class, scope);
    }

    private long total() {
        return jdbc.queryForObject("SELECT count(*) FROM idempotency_keys WHERE scope = ?", Long.class, scope);
    }
}
