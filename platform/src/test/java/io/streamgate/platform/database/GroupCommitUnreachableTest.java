package io.streamgate.platform.database;

import org.junit.jupiter.api.Test;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without a database, a group fails at once as a whole: no unit waits for a connection timeout of its own. */
class GroupCommitUnreachableTest {

    @Test
    void shouldFailEveryUnitOfAGroupWithTheConnectionFailureAndTryOnlyOnce() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        PlatformTransactionManager unreachable = new PlatformTransactionManager() {
            @Override
            public TransactionStatus getTransaction(TransactionDefinition definition) {
                if (attempts.incrementAndGet() == 1) {
                    await(gate);
                }
                throw new CannotCreateTransactionException("Could not open JDBC Connection for transaction");
            }

            @Override
            public void commit(TransactionStatus status) {
                throw new AssertionError("no transaction was opened");
            }

            @Override
            public void rollback(TransactionStatus status) {
                throw new AssertionError("no transaction was opened");
            }
        };
        AtomicInteger ran = new AtomicInteger();
        try (GroupCommit groupCommit = new GroupCommit(new TransactionTemplate(unreachable), 1, 32)) {
            // The first unit holds the only slot (its transaction is being opened) while the next ten queue.
            Mono<Integer> first = groupCommit.execute(ran::incrementAndGet).cache();
            first.subscribe(v -> { }, e -> { });
            List<Mono<Integer>> queued = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Mono<Integer> unit = groupCommit.execute(ran::incrementAndGet).cache();
                unit.subscribe(v -> { }, e -> { });
                queued.add(unit);
            }
            gate.countDown();

            assertThatThrownBy(() -> first.block(Duration.ofSeconds(10)))
                    .isInstanceOf(CannotCreateTransactionException.class);
            for (Mono<Integer> unit : queued) {
                assertThatThrownBy(() -> unit.block(Duration.ofSeconds(10)))
                        .isInstanceOf(CannotCreateTransactionException.class);
            }
            assertThat(ran).hasValue(0);
            // One attempt for the first unit, one for the group of ten: not one per unit.
            assertThat(attempts).hasValue(2);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
