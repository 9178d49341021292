package io.streamgate.loadgen;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Closed loop: {@code connections} connections, each sending its next request as soon as the previous response
 * arrived. Measures the maximum throughput; latency is from the actual send, so under overload it understates
 * what a user would see — use {@link FixedRateScheduler} for latency.
 */
public final class ClosedLoopScheduler extends AbstractScheduler {

    /** After a failed connect, wait before retrying so that a stopped server does not turn into a busy loop. */
    private static final long RECONNECT_BACKOFF_NANOS = 10_000_000;

    private final int connections;
    private final AtomicLong sequence = new AtomicLong();

    public ClosedLoopScheduler(int connections, ThreadFactory threads) {
        super(threads);
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1");
        }
        this.connections = connections;
    }

    @Override
    protected void begin() {
        for (int i = 0; i < connections; i++) {
            spawn(this::work);
        }
    }

    private void work() {
        Target.Connection conn = null;
        try {
            while (!stopping() && System.nanoTime() < endNanos) {
                if (conn == null && (conn = tryConnect()) == null) {
                    LockSupport.parkNanos(RECONNECT_BACKOFF_NANOS);
                    continue;
                }
                conn = perform(conn, sequence.getAndIncrement(), System.nanoTime());
            }
        } finally {
            close(conn);
        }
    }

    @Override
    public String describe() {
        return "closed loop, " + connections + " connections";
    }
}
