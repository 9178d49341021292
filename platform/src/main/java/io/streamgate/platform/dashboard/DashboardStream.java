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
 * viewer starts a run (a fresh sampler, so rates never span a pause, and a periodic task on {@code scheduler}); the
 * viewers share its samples ({@code publish().refCount()}), and when the last one goes the task is cancelled. A
 * sample is taken on the scheduler's worker, which may block (a health check, a gauge that queries); a tick that comes
 * while the previous sample is still being taken is dropped, and a viewer that reads slowly gets the latest sample,
 * never a queue.
 * <p>
 * When the application stops, every stream ends (before the web server's graceful shutdown, which would otherwise
 * wait for streams that never end) and new ones end at once.
 */
final class DashboardStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DashboardStream.class);

    private final Flux<Snapshot> shared;
    private final Sinks.One<Boolean> stopping = Sinks.one();
    private volatile boolean running;

    /**
     * @param runs      makes the sample source of one run (called when the first viewer connects)
     * @param interval  between samples
     * @param scheduler where samples are taken; may block
     */
    DashboardStream(Supplier<Supplier<Snapshot>> runs, Duration interval, Scheduler scheduler) {
        this.shared = Flux.defer(() -> {
                    Supplier<Snapshot> samples = runs.get();
                    return Flux.interval(Duration.ZERO, interval, scheduler)
                            .onBackpressureDrop()
                            .<Snapshot>handle((tick, sink) -> {
                                try {
                                    sink.next(samples.get());
                                } catch (RuntimeException e) {
                                    log.warn("Could not sample the meters for the dashboard", e);
                                }
                            });
                })
                .publish()
                .refCount();
    }

    /** The samples for one viewer, from the next one on, until it goes away or the application stops. */
    Flux<Snapshot> samples() {
        if (!running) {
            return Flux.empty();
        }
        return shared.onBackpressureLatest().takeUntilOther(stopping.asMono());
    }

    @Override
    public void start() {
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
