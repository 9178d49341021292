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
        try (GroupCommit oneSlot = new GroupCommit(transactions, 1, 32)) {
            Gate gate = holdTheOnlySlot(oneSlot, run);
            List<Mono<Long>> units = queue(IntStream.range(0, 200)
                    .mapToObj(i -> oneSlot.execute(() -> insert(run, "unit-" + i))).toList());
            gate.open();

            List<Long> transactionIds = outcomes(units);
            assertThat(count(run)).isEqualTo(201);
            // 200 units queued behind the gate, in groups of at most 32: 7 transactions.
            assertThat(transactionIds.stream().distinct().count()).isEqualTo(7);
        }
    }

    @Test
    void shouldGiveAUnitRefusedByItsOwnRuleItsFailureAndCommitTheOthersAsAGroup() throws InterruptedException {
        String run = UUID.randomUUID().toString();
        try (GroupCommit oneSlot = new GroupCommit(transactions, 1, 32)) {
            Gate gate = holdTheOnlySlot(oneSlot, run);
            List<Mono<Long>> before = queue(IntStream.range(0, 10)
                    .mapToObj(i -> oneSlot.execute(() -> insert(run, "before-" + i))).toList());
            Mono<Long> refused = queue(List.of(oneSlot.<Long>execute(() -> {
                insert(run, "refused");
                throw new IllegalStateException("this unit's own rule failed");
            }))).getFirst();
            List<Mono<Long>> after = queue(IntStream.range(0, 10)
                    .mapToObj(i -> oneSlot.execute(() -> insert(run, "after-" + i))).toList());
            gate.open();

            assertThatThrownBy(() -> refused.block(Duration.ofSeconds(60)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("this unit's own rule failed");
            List<Long> others = new ArrayList<>(outcomes(before));
            others.addAll(outcomes(after));
            // The refused unit's row rolled back with it; the twenty others committed together, in one transaction.
            assertThat(count(run)).isEqualTo(21);
            assertThat(others.stream().distinct().count()).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM group_commit_test WHERE id = ?", Long.class,
                    run + "/refused")).isZero();
        }
    }

    @Test
    void shouldRunEveryUnitAloneAgainWhenAStatementOfTheGroupFailed() throws InterruptedException {
        String run = UUID.randomUUID().toString();
        insert(run, "taken");
        try (GroupCommit oneSlot = new GroupCommit(transactions, 1, 32)) {
            Gate gate = holdTheOnlySlot(oneSlot, run);
            List<Mono<Long>> before = queue(IntStream.range(0, 5)
                    .mapToObj(i -> oneSlot.execute(() -> insert(run, "before-" + i))).toList());
            Mono<Long> duplicate = queue(List.of(oneSlot.execute(() -> insert(run, "taken")))).getFirst();
            List<Mono<Long>> after = queue(IntStream.range(0, 5)
                    .mapToObj(i -> oneSlot.execute(() -> insert(run, "after-" + i))).toList());
            gate.open();

            assertThatThrownBy(() -> duplicate.block(Duration.ofSeconds(60)))
                    .isInstanceOf(DuplicateKeyException.class);
            List<Long> others = new ArrayList<>(outcomes(before));
            others.addAll(outcomes(after));
            // A statement failed (it may have been another unit's doing): each unit ran again alone.
            assertThat(count(run)).isEqualTo(12);
            assertThat(others.stream().distinct().count()).isEqualTo(10);
        }
    }

    @Test
    void shouldRunALoneUnitAtOnceInATransactionOfItsOwn() {
        String run = UUID.randomUUID().toString();
        Long tx = groupCommit.execute(() -> insert(run, "alone")).block(Duration.ofSeconds(30));

        assertThat(tx).isNotNull();
        assertThat(count(run)).isEqualTo(1);
    }

    /** Holds the only slot of {@code oneSlot} with a first unit until {@link Gate#open()}: what queues meanwhile groups. */
    private Gate holdTheOnlySlot(GroupCommit oneSlot, String run) {
        CountDownLatch latch = new CountDownLatch(1);
        Mono<Long> first = oneSlot.execute(() -> {
            await(latch);
            return insert(run, "gate");
        }).cache();
        first.subscribe();
        return new Gate(latch, first);
    }

    private record Gate(CountDownLatch latch, Mono<Long> first) {
        void open() {
            latch.countDown();
            assertThat(first.block(Duration.ofSeconds(60))).isNotNull();
        }
    }

    /** Subscribes each unit, in order (so each is queued in that order), keeping its outcome. */
    private static List<Mono<Long>> queue(List<Mono<Long>> units) {
        List<Mono<Long>> queued = units.stream().map(Mono::cache).toList();
        queued.forEach(unit -> unit.subscribe(value -> { }, failure -> { }));
        return queued;
    }

    private static List<Long> outcomes(List<Mono<Long>> units) {
        return Flux.concat(units).collectList().block(Duration.ofSeconds(60));
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
