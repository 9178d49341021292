package io.streamgate.platform.consumer.internal;

import java.time.Instant;
import java.util.Map;

/**
 * What one subscription's consumer knows about itself, for health: whether it is failing (since when, why), and the
 * last lag snapshot of its assigned partitions. Written by the consumer thread and the monitor, read by health checks.
 */
final class ConsumerState {

    /** Lag and progress of the assigned partitions, read by the monitor. */
    record Snapshot(Instant at, Map<Integer, Long> lag, Map<Integer, Instant> lastProgress, int groupMembers,
                    int partitions, String error) {
    }

    private volatile Instant failingSince;
    private volatile String lastFailure;
    private volatile Snapshot snapshot;

    /** Records a transient failure; true when it starts a failing period (to log the first one in full). */
    boolean failed(Throwable cause) {
        lastFailure = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (failingSince == null) {
            failingSince = Instant.now();
            return true;
        }
        return false;
    }

    void succeeded() {
        failingSince = null;
    }

    Instant failingSince() {
        return failingSince;
    }

    String lastFailure() {
        return lastFailure;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    void snapshot(Snapshot snapshot) {
        this.snapshot = snapshot;
    }
}
