package io.streamgate.database;

import io.streamgate.platform.database.GroupCommit;
import io.streamgate.support.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group commit on the real Postgres: units share transactions under load, and each still gets its own outcome. */
class GroupCommitTest extends EndToEndTest {

    @Autowired
    GroupCommit groupCommit;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void createTable() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS group_commit_test (id TEXT PRIMARY KEY, run TEXT NOT NULL, "
                + "tx BIGINT NOT NULL)");
    }

    @Test
    void shouldCommitEveryUnitAndShareTransactionsBetweenUnitsThatArriveTogether() throws InterruptedException {
        String run = UUID.randomUUID().toString();
        // One group of one blocks its slot until every unit is queued, so the queued ones must form groups.
        try (GroupCommit oneSlot = new GroupCommit(transactions, 1, 32)) {
            CountDownLatch queued = new CountDownLatch(1);
            Mono<Long> first = oneSlot.execute(() -> {
                await(queued);
                return insert(run, "first");
            });
            List<Mono<Long>> units = new ArrayList<>(List.of(first));
            IntStream.range(0, 200).forEach(i -> units.add(oneSlot.execute(() -> insert(run, "unit-" + i))));
            Mono<List<Long>> outcome = Flux.merge(units).collectList().cache();
            outcome.subscribe();
            // Subscribing queued every unit behind the first, which holds the only slot; now let it finish.
            queued.countDown();
            List<Long> transactionIds = outcome.block(Duration.ofSeconds(60));

            assertThat(transactionIds).hasSize(201);
            assertThat(count(run)).isEqualTo(201);
            // The first alone, then 200 queued units in groups of at most 32: 7 transactions.
            assertThat(transactionIds.stream().distinct().count()).isEqualTo(8);
        }
    }

    @Test
    void shouldGiveAFailingUnitItsFailureAndCommitTheOthersOfItsGroup() throws InterruptedException {
        String run = UUID.randomUUID().toString();
        try (GroupCommit oneSlot = new GroupCommit(transactions, 1, 32)) {
            CountDownLatch queued = new CountDownLatch(1);
            Mono<Long> gate = oneSlot.execute(() -> {
                await(queued);
                return insert(run, "gate");
            });
            List<Mono<Long>> good = IntStream.range(0, 20)
                    .mapToObj(i -> oneSlot.execute(() -> insert(run, "good-" + i))).toList();
            Mono<Long> bad = oneSlot.execute(() -> {
                insert(run, "bad");
                throw new IllegalStateException("this unit's own rule failed");
            });
            Mono<List<Long>> goodOutcome = Flux.merge(good).collectList().cache();
            Mono<Long> badOutcome = bad.cache();
            Mono<Long> gateOutcome = gate.cache();
            goodOutcome.subscribe();
            badOutcome.subscribe(v -> { }, e -> { });
            gateOutcome.subscribe();
            queued.countDown();

            assertThat(goodOutcome.block(Duration.ofSeconds(60))).hasSize(20);
            assertThatThrownBy(() -> badOutcome.block(Duration.ofSeconds(60)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("this unit's own rule failed");
            assertThat(gateOutcome.block(Duration.ofSeconds(60))).isNotNull();
            // The failing unit's row rolled back with it; all others committed.
            assertThat(count(run)).isEqualTo(21);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM group_commit_test WHERE run = ? AND id = ?",
                    Long.class, run, run + "/bad")).isZero();
        }
    }

    @Test
    void shouldRunEveryUnitAloneAgainWhenAStatementOfTheGroupFailed() throws InterruptedException {
        String run = UUID.randomUUID().toString();
        insert(run, "taken");
        try (GroupCommit oneSlot = new GroupCommit(transactions, 1, 32)) {
            CountDownLatch queued = new CountDownLatch(1);
            List<Mono<Long>> units = new ArrayList<>();
            units.add(oneSlot.execute(() -> {
                await(queued);
                return insert(run, "gate");
            }));
            IntStream.range(0, 10).forEach(i -> units.add(oneSlot.execute(() -> insert(run, "good-" + i))));
            Mono<Long> duplicate = oneSlot.execute(() -> insert(run, "taken")).cache();
            Mono<List<Long>> goodOutcome = Flux.merge(units).collectList().cache();
            goodOutcome.subscribe();
            duplicate.subscribe(v -> { }, e -> { });
            queued.countDown();

            assertThat(goodOutcome.block(Duration.ofSeconds(60))).hasSize(11);
            assertThatThrownBy(() -> duplicate.block(Duration.ofSeconds(60)))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThat(count(run)).isEqualTo(12);
        }
    }

    @Test
    void shouldRunALoneUnitAtOnceInATransactionOfItsOwn() {
        String run = UUID.randomUUID().toString();
        Long tx = groupCommit.execute(() -> insert(run, "alone")).block(Duration.ofSeconds(30));

        assertThat(tx).isNotNull();
        assertThat(count(run)).isEqualTo(1);
    }

    private long insert(String run, String name) {
        return jdbc.queryForObject("INSERT INTO group_commit_test (id, run, tx) VALUES (?, ?, txid_current()) "
                + "RETURNING tx", Long.class, run + "/" + name, run);
    }

    private long count(String run) {
        return jdbc.queryForObject("SELECT count(*) FROM group_commit_test WHERE run = ?", Long.class, run);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
