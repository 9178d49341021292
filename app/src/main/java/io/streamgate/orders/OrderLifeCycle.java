package io.streamgate.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Moves due orders on (CREATED → CONFIRMED → SHIPPED). There is no task per order: the due time is a column, and
 * one poller per replica claims due rows in batches ({@code FOR UPDATE SKIP LOCKED}), so a restart resumes where the
 * schedule stands and N replicas each move an order once. A full batch is followed at once by the next; otherwise
 * the poller waits one poll interval, which bounds how late a transition can be.
 */
class OrderLifeCycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderLifeCycle.class);
    /** Keeps one poll from monopolising its thread when the backlog is huge; the next poll continues. */
    private static final int MAX_BATCHES_PER_POLL = 50;

    private final OrderManagement management;
    private final OrdersSettings.LifeCycle settings;
    private volatile ScheduledExecutorService poller;

    OrderLifeCycle(OrderManagement management, OrdersSettings.LifeCycle settings) {
        this.management = management;
        this.settings = settings;
    }

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("orders-life-cycle").factory());
        poller.scheduleWithFixedDelay(this::poll, settings.pollInterval().toMillis(),
                settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void poll() {
        try {
            for (int batch = 0; batch < MAX_BATCHES_PER_POLL; batch++) {
                int moved = management.advanceDue();
                if (moved < settings.batchSize()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // The database may be down or a transaction may have failed; the rows stay due and the next poll retries.
            log.warn("Could not move due orders on, will retry in {}: {}", settings.pollInterval(), e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = poller;
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
        poller = null;
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    /** Stops before the outbox and the database pool do (lower phases stop later). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }
}
