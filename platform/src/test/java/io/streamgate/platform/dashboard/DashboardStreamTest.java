package io.streamgate.platform.dashboard;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard costs nothing while nobody watches: no sample is taken (no meter read, no health check, no query)
 * before the first viewer, between viewers, or after the last one left; viewers share one run of samples; and the
 * application's stop ends every stream and the run, and a start after it (a paused test context resumed) serves
 * again. On virtual time, so the test waits for nothing.
 */
class DashboardStreamTest {

    /** The scheduler of the current run: each run gets its own, disposed when it ends. */
    private volatile VirtualTimeScheduler time;
    private final AtomicInteger schedulers = new AtomicInteger();
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger samples = new AtomicInteger();
    private final DashboardStream stream = new DashboardStream(this::run, Duration.ofSeconds(1), this::scheduler);

    private VirtualTimeScheduler scheduler() {
        schedulers.incrementAndGet();
        time = VirtualTimeScheduler.create();
        return time;
    }

    /** Moves the current run's clock on; without a run there is no clock and nothing to move. */
    private void advance(Duration duration) {
        if (time != null && !time.isDisposed()) {
            time.advanceTimeBy(duration);
        }
    }

    private Supplier<Snapshot> run() {
        runs.incrementAndGet();
        return () -> {
            samples.incrementAndGet();
            return new Snapshot(Instant.EPOCH, null, List.of(), null, List.of(), null, List.of(), null, Map.of());
        };
    }

    private Disposable watch(List<Snapshot> into) {
        return stream.samples().subscribe(into::add);
    }

    @Test
    void shouldSampleNothingUntilSomeoneWatchesAndStopWhenTheLastViewerLeaves() {
        stream.start();
        advance(Duration.ofMinutes(10));
        assertThat(schedulers).as("no thread").hasValue(0);
        assertThat(runs).hasValue(0);
        assertThat(samples).hasValue(0);

        List<Snapshot> first = new CopyOnWriteArrayList<>();
        List<Snapshot> second = new CopyOnWriteArrayList<>();
        Disposable one = watch(first);
        advance(Duration.ofSeconds(2));
        Disposable two = watch(second);
        advance(Duration.ofSeconds(2));

        assertThat(runs).as("both viewers share one run").hasValue(1);
        assertThat(samples).as("at 0, 1, 2, 3 and 4 s").hasValue(5);
        assertThat(first).hasSize(5);
        assertThat(second).as("from the sample after it joined").hasSize(2);

        one.dispose();
        advance(Duration.ofSeconds(1));
        assertThat(samples).as("one viewer left, one still watches").hasValue(6);
        VirtualTimeScheduler firstRun = time;
        two.dispose();
        assertThat(firstRun.isDisposed()).as("the run's thread ends with it").isTrue();
        firstRun.advanceTimeBy(Duration.ofMinutes(10));
        assertThat(samples).as("nobody watches").hasValue(6);

        Disposable again = watch(new CopyOnWriteArrayList<>());
        advance(Duration.ofSeconds(1));
        assertThat(runs).as("a new run, so no rate spans the pause").hasValue(2);
        assertThat(schedulers).hasValue(2);
        assertThat(samples).hasValue(8);
        again.dispose();
    }

    @Test
    void shouldEndEveryStreamWhenTheApplicationStops() {
        stream.start();
        AtomicInteger completed = new AtomicInteger();
        stream.samples().subscribe(sample -> { }, error -> { }, completed::incrementAndGet);
        stream.samples().subscribe(sample -> { }, error -> { }, completed::incrementAndGet);
        advance(Duration.ofSeconds(3));

        stream.stop();

        assertThat(completed).hasValue(2);
        advance(Duration.ofMinutes(1));
        int taken = samples.get();
        assertThat(Flux.from(stream.samples()).collectList().block(Duration.ofSeconds(1))).as("a stream after the stop")
                .isEmpty();
        advance(Duration.ofMinutes(1));
        assertThat(samples).hasValue(taken);
    }

    /** The test framework stops a cached context it pauses and starts it again when a test class needs it. */
    @Test
    void shouldServeAgainOnceStartedAfterAStop() {
        stream.start();
        stream.stop();
        stream.start();

        List<Snapshot> seen = new CopyOnWriteArrayList<>();
        Disposable viewer = watch(seen);
        advance(Duration.ofSeconds(2));

        assertThat(seen).hasSize(3);
        viewer.dispose();
    }

    @Test
    void shouldStartANewRunAfterAStopThatEndedTheOneWatched() {
        stream.start();
        AtomicInteger completed = new AtomicInteger();
        stream.samples().subscribe(sample -> { }, error -> { }, completed::incrementAndGet);
        advance(Duration.ofSeconds(1));
        stream.stop();
        assertThat(completed).hasValue(1);

        stream.start();
        List<Snapshot> seen = new CopyOnWriteArrayList<>();
        Disposable viewer = watch(seen);
        advance(Duration.ofSeconds(2));

        assertThat(runs).as("a new run").hasValue(2);
        assertThat(schedulers).hasValue(2);
        assertThat(seen).hasSize(3);
        viewer.dispose();
    }

    @Test
    void shouldEndTheRunWhenTheApplicationStopsEvenIfAViewerStaysConnected() {
        stream.start();
        List<Snapshot> seen = new CopyOnWriteArrayList<>();
        stream.samples().subscribe(seen::add);
        advance(Duration.ofSeconds(1));
        VirtualTimeScheduler run = time;

        stream.stop();

        assertThat(run.isDisposed()).as("the run and its thread ended").isTrue();
        run.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(seen).hasSize(2);
    }

    @Test
    void shouldSkipASampleThatFailsAndKeepStreaming() {
        AtomicInteger calls = new AtomicInteger();
        DashboardStream flaky = new DashboardStream(() -> () -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("a meter failed");
            }
            return new Snapshot(Instant.EPOCH, null, List.of(), null, List.of(), null, List.of(), null, Map.of());
        }, Duration.ofSeconds(1), this::scheduler);
        flaky.start();
        List<Snapshot> seen = new CopyOnWriteArrayList<>();
        Disposable viewer = flaky.samples().subscribe(seen::add);

        advance(Duration.ofSeconds(3));

        assertThat(calls).hasValue(4);
        assertThat(seen).hasSize(3);
        viewer.dispose();
    }
}
