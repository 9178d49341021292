package io.streamgate.platform.health;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SharedCheckTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    /** A check that blocks until released, counts its runs and notes whether its thread was ever interrupted. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicBoolean checkInterrupted = new AtomicBoolean();
    private final AtomicReference<String> answer = new AtomicReference<>("up");

    private String blockingCheck() {
        runs.incrementAndGet();
        try {
            if (!release.await(LONG.toSeconds(), TimeUnit.SECONDS)) {
                return "never released";
            }
        } catch (InterruptedException e) {
            checkInterrupted.set(true);
            Thread.currentThread().interrupt();
            return "down: interrupted";
        }
        return answer.get();
    }

    @AfterEach
    void releaseTheCheck() {
        release.countDown();
    }

    @Test
    void shouldNotLetACallerInterruptedWhileWaitingCacheAFailure() throws Exception {
        SharedCheck<String> check = SharedCheck.of("registry", this::blockingCheck, Duration.ofMinutes(1));
        AtomicReference<Throwable> callerGot = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                check.get(LONG);
            } catch (Throwable t) {
                callerGot.set(t);
            }
        });
        await().atMost(LONG).until(() -> runs.get() == 1);

        caller.interrupt();
        caller.join(LONG.toMillis());
        release.countDown();

        assertThat(callerGot.get()).isInstanceOf(InterruptedException.class);
        assertThat(check.get(LONG)).isEqualTo("up");
        assertThat(checkInterrupted).isFalse();
        assertThat(runs).hasValue(1);
    }

    @Test
    void shouldKeepTheCheckRunningWhenReactorDisposesTheCallersTask() throws Exception {
        // What WebFlux does when a client goes away: the subscription is cancelled, and boundedElastic interrupts
        // the thread that runs the task.
        SharedCheck<String> check = SharedCheck.of("registry", this::blockingCheck, Duration.ofMinutes(1));
        Disposable request = Mono.fromCallable(() -> check.get(LONG)).subscribeOn(Schedulers.boundedElastic())
                .subscribe(value -> { }, failure -> { });
        await().atMost(LONG).until(() -> runs.get() == 1);

        request.dispose();
        release.countDown();

        assertThat(check.get(LONG)).isEqualTo("up");
        assertThat(checkInterrupted).isFalse();
        assertThat(runs).hasValue(1);
    }

    @Test
    void shouldShareOneRunBetweenConcurrentCallers() throws Exception {
        SharedCheck<String> check = SharedCheck.of("db", this::blockingCheck, Duration.ZERO);
        List<CompletableFuture<String>> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            callers.add(check.result());
        }
        await().atMost(LONG).until(() -> runs.get() == 1);
        callers.add(check.result());

        release.countDown();

        for (CompletableFuture<String> caller : callers) {
            assertThat(caller.get(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo("up");
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void shouldReuseAFinishedResultForItsTtlOnlyThenRunAgain() throws Exception {
        release.countDown();
        SharedCheck<String> check = SharedCheck.of("registry", this::blockingCheck, Duration.ofMillis(300));

        assertThat(check.get(LONG)).isEqualTo("up");
        answer.set("down");
        for (int i = 0; i < 20; i++) {
            check.get(LONG);
        }
        assertThat(runs).hasValue(1);

        await().atMost(LONG).until(() -> check.get(LONG).equals("down"));
        assertThat(runs.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldRunAgainForTheNextCallerWithoutATtl() throws Exception {
        release.countDown();
        SharedCheck<String> check = SharedCheck.of("db", this::blockingCheck, Duration.ZERO);

        check.get(LONG);
        check.get(LONG);

        assertThat(runs).hasValue(2);
    }

    @Test
    void shouldNeverServeOrCacheARunWhoseOwnThreadWasInterrupted() throws Exception {
        // A run cut short (e.g. at shutdown) that turned the interrupt into an answer, as an HTTP client does.
        AtomicInteger calls = new AtomicInteger();
        SharedCheck<String> check = SharedCheck.of("registry", () -> {
            if (calls.incrementAndGet() == 1) {
                Thread.currentThread().interrupt();
                return "down: interrupted while calling the registry";
            }
            return "up";
        }, Duration.ofMinutes(1));

        assertThatThrownBy(() -> check.get(LONG)).isInstanceOf(SharedCheck.CheckInterruptedException.class)
                .hasMessageContaining("registry");
        assertThat(check.get(LONG)).isEqualTo("up");
        assertThat(calls).hasValue(2);
    }

    @Test
    void shouldLetACallerStopWaitingAfterItsBoundWhileTheRunGoesOn() throws Exception {
        SharedCheck<String> check = SharedCheck.of("registry", this::blockingCheck, Duration.ofMinutes(1));

        assertThatThrownBy(() -> check.get(Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);
        release.countDown();

        assertThat(check.get(LONG)).isEqualTo("up");
        assertThat(runs).hasValue(1);
    }

    @Test
    void shouldNotLetACallerCancellingItsFutureCancelTheRunForOthers() throws Exception {
        SharedCheck<String> check = SharedCheck.of("registry", this::blockingCheck, Duration.ofMinutes(1));
        CompletableFuture<String> giveUp = check.result();
        CompletableFuture<String> waitFor = check.result();

        giveUp.cancel(true);
        release.countDown();

        assertThat(waitFor.get(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo("up");
        assertThat(checkInterrupted).isFalse();
    }

    @Test
    void shouldCacheTheChecksOwnFailureForItsTtl() {
        AtomicInteger calls = new AtomicInteger();
        SharedCheck<String> check = SharedCheck.of("registry", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("registry answered 500");
        }, Duration.ofMinutes(1));

        assertThatThrownBy(() -> check.get(LONG)).hasMessage("registry answered 500");
        assertThatThrownBy(() -> check.get(LONG)).hasMessage("registry answered 500");
        assertThat(calls).hasValue(1);
    }
}
