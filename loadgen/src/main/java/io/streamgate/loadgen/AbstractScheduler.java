package io.streamgate.loadgen;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** What both schedulers share: one thread per connection, connect/exchange/error accounting, shutdown. */
abstract class AbstractScheduler implements Scheduler {

    private final ThreadFactory threads;
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    private final Set<Target.Connection> open = ConcurrentHashMap.newKeySet();
    /** Set when the run is over and lingering connections are closed under their threads' feet. */
    private volatile boolean forcedClose;

    protected Target target;
    protected LoadStats stats;
    protected long startNanos;
    protected long endNanos;

    AbstractScheduler(ThreadFactory threads) {
        this.threads = threads;
    }

    @Override
    public final void start(Target target, LoadStats stats, long startNanos, long endNanos) {
        this.target = target;
        this.stats = stats;
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        begin();
    }

    /** Starts the first workers. */
    protected abstract void begin();

    protected final void spawn(Runnable worker) {
        if (forcedClose) {
            return;
        }
        Thread t = threads.newThread(worker);
        workers.add(t);
        t.start();
    }

    protected final boolean stopping() {
        return forcedClose;
    }

    /** Opens a connection, or counts an error and returns null. */
    protected final Target.Connection tryConnect() {
        return tryConnect(true);
    }

    /**
     * Opens a connection, or returns null.
     *
     * @param countError false for a connection opened ahead of any request: its failure is no request's error
     */
    protected final Target.Connection tryConnect(boolean countError) {
        try {
            Target.Connection c = target.connect();
            open.add(c);
            return c;
        } catch (IOException e) {
            if (countError && !forcedClose) {
                stats.recordError(e);
            }
            return null;
        }
    }

    /**
     * Performs one exchange on {@code conn} and records it with latency from {@code originNanos}.
     *
     * @return the connection to use next, or null if it failed or the server closed it (reconnect next time)
     */
    protected final Target.Connection perform(Target.Connection conn, long sequence, long originNanos) {
        try {
            int status = conn.exchange(sequence);
            stats.recordResponse(status, System.nanoTime() - originNanos);
            if (conn.reusable()) {
                return conn;
            }
        } catch (IOException e) {
            // Errors caused by our own forced close at the end of the run are not the server's.
            if (!forcedClose) {
                stats.recordError(e);
            }
        }
        close(conn);
        return null;
    }

    protected final void close(Target.Connection conn) {
        if (conn == null) {
            return;
        }
        open.remove(conn);
        try {
            conn.close();
        } catch (IOException ignored) {
            // Closing a broken socket: nothing to report.
        }
    }

    @Override
    public final int awaitEnd(Duration grace) throws InterruptedException {
        long deadline = endNanos + grace.toNanos();
        // Workers may still be added while we wait (the fixed-rate pool grows), hence the outer loop.
        boolean alive = true;
        while (alive && System.nanoTime() < deadline) {
            alive = false;
            for (Thread t : workers) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(t, left);
                }
                alive |= t.isAlive();
            }
        }
        forcedClose = true;
        int abandoned = 0;
        for (Thread t : workers) {
            if (t.isAlive()) {
                abandoned++;
            }
        }
        for (Target.Connection c : open) {
            close(c);
        }
        for (Thread t : workers) {
            t.join(1000);
        }
        return abandoned;
    }

    @Override
    public final int connections() {
        return open.size();
    }
}
