package io.streamgate.platform.dashboard;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The samples every viewer of the dashboard shares, taken only while at least one is connected.
 * <p>
 * Nothing runs while nobody watches: no thread, no timer, no reading of a meter or a health indicator. The first
 * viewer starts a run: a thread of its own (from {@code schedulers}, so a sample never waits behind other blocking work
 * of the application, and blocks nothing else), a fresh sampler (so rates never span a pause) and a periodic task.
 * The viewers share its samples ({@code publish().refCount()}); when the last one goes, the task is cancelled and the
 * thread ends. A sample may block (a health check, a gauge that queries); a tick that comes while the previous sample
 * is still being taken is dropped, a sample slower than {@link #SLOW} is logged, and a viewer that reads slowly gets
 * the latest sample, never a queue.
 * <p>
 * When the application stops, the run ends, and with it every stream (before the web server's graceful shutdown,
 * which would otherwise wait for streams that never end), whether or not a viewer is still connected; streams opened
 * while it is stopped end at once. Started again (the test framework pauses and resumes the contexts it caches), it
 * serves new runs.
 */
final class DashboardStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DashboardStream.class);
    static final Duration SLOW = Duration.ofSeconds(5);

    private final Flux<Snapshot> shared;
    /** Emits when the application stops; a new one for each start. */
    private volatile Sinks.One<Boolean> stopping = Sinks.one();
    private volatile boolean running;

    /**
     * @param runs       makes the sample source of one run (called when the first viewer connects)
     * @param interval   between samples
     * @param schedulers makes the scheduler of one run, disposed when the run ends; samples are taken on it
     */
    DashboardStream(Supplier<Supplier<Snapshot>> runs, Duration interval, Supplier<Scheduler> schedulers) {
        this.shared = Flux.defer(() -> run(runs, interval, schedulers).takeUntilOther(stopping.asMono()))
                .publish()
                .refCount();
    }

    private static Flux<Snapshot> run(Supplier<Supplier<Snapshot>> runs, Duration interval,
                                      Supplier<Scheduler> schedulers) {
        return Flux.using(schedulers::get, scheduler -> {
                    Supplier<Snapshot> samples = runs.get();
                    return Flux.interval(Duration.ZERO, interval, scheduler)
                            .onBackpressureDrop()
                            .<Snapshot>handle((tick, sink) -> {
                                long start = System.nanoTime();
                                try {
                                    sink.next(samples.get());
                                } catch (RuntimeException e) {
                                    log.warn("Could not sample the meters for the dashboard", e);
                                }
                                Duration took = Duration.ofNanos(System.nanoTime() - start);
                                if (took.compareTo(SLOW) > 0) {
                                    log.warn("A dashboard sample took {} ms (a blocking health check or gauge)",
                                            took.toMillis());
                                }
                            });
                }, Scheduler::dispose);
    }

    /** The samples for one viewer, from the next one on, until it goes away or the application stops. */
    Flux<Snapshot> samples() {
        if (!running) {
            return Flux.empty();
        }
        return shared.onBackpressureLatest();
    }

    @Override
    public void start() {
        stopping = Sinks.one();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stopping.tryEmitValue(true);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
