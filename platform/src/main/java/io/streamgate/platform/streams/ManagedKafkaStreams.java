package io.streamgate.platform.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One Kafka Streams application running inside the Spring application: started with the context (once the
 * catalogue's topics exist, since a missing source topic would stop every stream thread), stopped cleanly with it
 * (threads commit their transaction and leave the group), its client metrics bound to Micrometer, and its state read by
 * the {@code streams} health indicator (DOWN while it is not RUNNING).
 * <p>
 * A stream thread that fails is replaced: its tasks' transactions are aborted, and the new thread rejoins and
 * processes again from the last commit, which exactly_once_v2 makes safe. That is how every failure but poison is
 * retried (see {@link StreamsApplications}); poison goes to the dead-letter topic instead, so it cannot make a thread
 * fail over and over. A failure that persists is retried with growing pauses ({@link ThreadReplacementBackoff}): the
 * failed thread waits before it is replaced, holding its tasks, which no one could process meanwhile anyway. The
 * failed thread's member then leaves the group ({@link FailedThreadsLeaveTheGroup}), so the replacement is assigned
 * the tasks at once, not after the failed member's session timed out.
 */
public final class ManagedKafkaStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ManagedKafkaStreams.class);
    private static final long TOPIC_WAIT_STEP_NANOS = Duration.ofMillis(200).toNanos();

    private final String applicationId;
    private final Topology topology;
    private final Properties config;
    private final BooleanSupplier topicsReady;
    private final MeterRegistry meterRegistry;
    private final Duration closeTimeout;
    private final ThreadReplacementBackoff backoff = new ThreadReplacementBackoff(System::nanoTime);
    private final FailedThreadsLeaveTheGroup clients = new FailedThreadsLeaveTheGroup();
    /** Failed threads wait on it before they are replaced; {@link #stop()} wakes them. */
    private final Object replacementPause = new Object();
    private volatile KafkaStreams streams;
    private volatile KafkaStreamsMetrics metrics;
    private volatile Thread starter;
    private volatile boolean running;

    ManagedKafkaStreams(String applicationId, Topology topology, Properties config, BooleanSupplier topicsReady,
                        MeterRegistry meterRegistry, Duration closeTimeout) {
        this.applicationId = applicationId;
        this.topology = topology;
        this.config = config;
        this.topicsReady = topicsReady;
        this.meterRegistry = meterRegistry;
        this.closeTimeout = closeTimeout;
    }

    public String applicationId() {
        return applicationId;
    }

    public Topology topology() {
        return topology;
    }

    /** The client's state; {@code CREATED} until it was started (after the topics exist). */
    public KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current == null ? KafkaStreams.State.CREATED : current.state();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        // Waiting for the topics happens off the start-up thread: the application must come up while Kafka is down.
        Thread thread = Thread.ofPlatform().daemon().name(applicationId + "-starter").unstarted(this::startWhenReady);
        starter = thread;
        thread.start();
    }

    private void startWhenReady() {
        while (running && !topicsReady.getAsBoolean()) {
            LockSupport.parkNanos(TOPIC_WAIT_STEP_NANOS);
        }
        synchronized (this) {
            if (!running) {
                return;
            }
            KafkaStreams created = new KafkaStreams(topology, config, clients);
            created.setUncaughtExceptionHandler(this::replaceAfterPause);
            created.setStateListener((now, before) ->
                    log.info("Kafka Streams application {}: {} -> {}", applicationId, before, now));
            if (meterRegistry != null) {
                KafkaStreamsMetrics bound = new KafkaStreamsMetrics(created);
                bound.bindTo(meterRegistry);
                metrics = bound;
            }
            streams = created;
            created.start();
        }
    }

    /** Runs on the failed stream thread, before Kafka Streams closes its tasks and starts its replacement. */
    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse replaceAfterPause(Throwable failure) {
        Duration pause = backoff.nextPause();
        log.error("Kafka Streams application {}: a stream thread failed; its tasks' transactions are aborted and it is "
                + "replaced{}, processing again from the last commit", applicationId,
                pause.isZero() ? "" : " in " + pause.toMillis() + " ms", failure);
        long deadline = System.nanoTime() + pause.toNanos();
        synchronized (replacementPause) {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    replacementPause.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        // Its member leaves the group when Kafka Streams closes it, so the replacement gets the tasks at once rather
        // than after the failed member's session timed out.
        clients.leaveOnClose();
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    @Override
    public void stop() {
        Thread pending;
        synchronized (this) {
            running = false;
            pending = starter;
        }
        if (pending != null) {
            LockSupport.unpark(pending);
        }
        synchronized (replacementPause) {
            replacementPause.notifyAll();
        }
        KafkaStreams current = streams;
        if (current != null) {
            // A clean close commits each task's open transaction and leaves the group, so the partitions move to
            // another instance at once instead of after the session timeout.
            boolean closed = current.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(closeTimeout));
            if (!closed) {
                log.warn("Kafka Streams application {} did not close within {}", applicationId, closeTimeout);
            }
        }
        KafkaStreamsMetrics bound = metrics;
        if (bound != null) {
            bound.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Late in start-up and early in shutdown: the producer and the dev stack's broker outlive it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
