package io.streamgate.platform.database;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PeriodicSweepTest {

    @Test
    void shouldSweepAgainAndAgainOnADaemonThreadOfItsOwn() {
        AtomicInteger runs = new AtomicInteger();
        Thread[] thread = new Thread[1];
        try (PeriodicSweep ignored = PeriodicSweep.start("test-sweeper", Duration.ofMillis(10), "test rows", () -> {
            thread[0] = Thread.currentThread();
            return runs.incrementAndGet();
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        }

        assertThat(thread[0].getName()).isEqualTo("test-sweeper");
        assertThat(thread[0].isDaemon()).isTrue();
    }

    @Test
    void shouldTryAgainAfterARunThatFailed() {
        AtomicInteger runs = new AtomicInteger();
        try (PeriodicSweep ignored = PeriodicSweep.start("failing-sweeper", Duration.ofMillis(10), "test rows", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("the database is down");
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        }
    }

    @Test
    void shouldStopSweepingOnceClosed() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Thread[] thread = new Thread[1];
        PeriodicSweep sweep = PeriodicSweep.start("closed-sweeper", Duration.ofMillis(10), "test rows", () -> {
            thread[0] = Thread.currentThread();
            return runs.incrementAndGet();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 1);

        sweep.close();

        thread[0].join(Duration.ofSeconds(10));
        assertThat(thread[0].isAlive()).isFalse();
    }

    @Test
    void shouldRefuseAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> PeriodicSweep.start("never", Duration.ZERO, "test rows", () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
