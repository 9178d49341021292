package io.streamgate.platform.database;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Group commit: independent units of blocking database work, each of which would otherwise be a transaction of its
 * own, run one after another in a shared transaction and share its commit.
 * <p>
 * Why: a small write transaction costs Postgres and the application more in round trips, context switches and its
 * commit (a WAL flush that every committer waits for) than in the writing itself. Measured on the orders route, a
 * created order was three round trips, one of them the commit; grouped, the commit and the wake-ups around it are
 * paid once per group. Groups form only under load: a unit that arrives while a group slot is free runs at once, in a
 * group of one, so an idle service adds no latency.
 * <p>
 * Semantics, the same as one transaction per unit as far as a caller can tell:
 * <ul>
 *   <li>A unit's result is delivered only after the group committed, so a 2xx still means durable.</li>
 *   <li>If a unit fails, the whole group rolls back, and each unit still gets the outcome it would have had alone. A
 *       unit whose own rule refused it (it threw something other than a database exception) saw only the writes of
 *       the units before it, which succeeded: it gets its failure, and the others run again as a group. After a
 *       database exception (a deadlock, a constraint) or a failed commit, every unit runs again alone. If the
 *       database cannot be reached, every unit of the group gets that failure at once (no unit waits for a
 *       connection timeout per unit before it). Units must therefore be safe to run again after their first run
 *       rolled back, which plain database work is; they must not have effects outside the transaction (use the outbox
 *       and after-commit synchronizations, which Spring discards on rollback).</li>
 *   <li>Units of one group share locks until the group commits. Use it for work that creates new rows under new keys
 *       (a new order, its outbox row), not for read-modify-write of shared rows, where two groups could wait for each
 *       other (Postgres would detect that and fail one group, whose units would then run alone: correct, but slow).</li>
 * </ul>
 * A unit runs on one of the group threads (never on an event loop), and its result is delivered on that thread after
 * the group's slot is free again.
 */
public final class GroupCommit implements AutoCloseable {

    private final TransactionTemplate transactions;
    private final int maxGroupSize;
    private final Semaphore slots;
    private final ExecutorService threads;
    private final ConcurrentLinkedQueue<Unit<?>> waiting = new ConcurrentLinkedQueue<>();

    /**
     * @param maxConcurrentGroups transactions in flight at once (each holds one pooled connection while it runs)
     * @param maxGroupSize        units in one transaction at most
     */
    public GroupCommit(TransactionTemplate transactions, int maxConcurrentGroups, int maxGroupSize) {
        if (maxConcurrentGroups < 1 || maxGroupSize < 1) {
            throw new IllegalArgumentException("maxConcurrentGroups and maxGroupSize must be at least 1");
        }
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.maxGroupSize = maxGroupSize;
        this.slots = new Semaphore(maxConcurrentGroups);
        // Twice the slots: a thread that finished its group delivers the results after giving its slot back, while the
        // next group already runs on another thread.
        this.threads = Executors.newFixedThreadPool(2 * maxConcurrentGroups,
                Thread.ofPlatform().daemon().name("streamgate-group-commit-", 0).factory());
    }

    /** Runs {@code work} in a transaction shared with other units; the result (or failure) once it has committed. */
    public <R> Mono<R> execute(Supplier<R> work) {
        Objects.requireNonNull(work, "work");
        return Mono.create(sink -> {
            waiting.add(new Unit<>(work, sink));
            dispatch();
        });
    }

    /**
     * Starts groups while there are waiting units and free slots. Every enqueue and every slot release calls this, and
     * each adds (or releases) before it looks, so a unit is never left waiting with a slot free.
     */
    private void dispatch() {
        while (!waiting.isEmpty() && slots.tryAcquire()) {
            List<Unit<?>> group = new ArrayList<>();
            Unit<?> unit;
            while (group.size() < maxGroupSize && (unit = waiting.poll()) != null) {
                group.add(unit);
            }
            if (group.isEmpty()) {
                slots.release();
                continue;
            }
            try {
                threads.execute(() -> run(group));
            } catch (RejectedExecutionException e) {
                slots.release();
                group.forEach(u -> u.sink().error(new IllegalStateException("group commit is shut down", e)));
            }
        }
    }

    private void run(List<Unit<?>> group) {
        List<Runnable> deliveries;
        try {
            deliveries = runGroup(group);
        } finally {
            slots.release();
            dispatch();
        }
        deliveries.forEach(Runnable::run);
    }

    /** Runs the group and returns how to deliver each unit's outcome (delivered after the slot is released). */
    private List<Runnable> runGroup(List<Unit<?>> group) {
        List<Runnable> deliveries = new ArrayList<>(group.size());
        List<Unit<?>> remaining = new ArrayList<>(group);
        while (remaining.size() > 1) {
            List<Runnable> committed = new ArrayList<>(remaining.size());
            Unit<?>[] running = new Unit<?>[1];
            try {
                transactions.executeWithoutResult(status -> {
                    for (Unit<?> unit : remaining) {
                        running[0] = unit;
                        committed.add(unit.resultDelivery());
                    }
                    running[0] = null;
                });
                deliveries.addAll(committed);
                return deliveries;
            } catch (RuntimeException | Error failure) {
                // Nothing of the group committed.
                if (unreachable(failure)) {
                    // The database is gone: every unit would fail the same way, one connection timeout after
                    // another. All get the failure now (a 503 with Retry-After for a request).
                    remaining.forEach(unit -> deliveries.add(() -> unit.sink().error(failure)));
                    return deliveries;
                }
                Unit<?> failed = running[0];
                if (failed == null || failure instanceof DataAccessException || failure instanceof TransactionException
                        || failure instanceof Error) {
                    // The commit failed, or a statement did (a deadlock, a constraint another unit's write may have
                    // caused): each unit runs again alone and gets its own outcome.
                    break;
                }
                // The unit's own rule refused it (e.g. the id it was given exists). It saw only the writes of the
                // units before it, which all succeeded: as if they ran, then it ran and failed alone. Its failure is
                // its outcome; the others run again as a group.
                deliveries.add(() -> failed.sink().error(failure));
                remaining.remove(failed);
            }
        }
        for (Unit<?> unit : remaining) {
            try {
                deliveries.add(transactions.execute(status -> unit.resultDelivery()));
            } catch (RuntimeException | Error failure) {
                deliveries.add(() -> unit.sink().error(failure));
            }
        }
        return deliveries;
    }

    /** A failure that means no connection or no database, rather than something about this group's work. */
    private static boolean unreachable(Throwable failure) {
        return failure instanceof CannotCreateTransactionException
                || failure instanceof DataAccessResourceFailureException
                || failure instanceof TransientDataAccessResourceException;
    }

    @Override
    public void close() throws InterruptedException {
        threads.shutdown();
        if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
            threads.shutdownNow();
        }
        Unit<?> unit;
        while ((unit = waiting.poll()) != null) {
            unit.sink().error(new IllegalStateException("group commit is shut down"));
        }
    }

    private record Unit<R>(Supplier<R> work, MonoSink<R> sink) {

        /** Runs the work (in the caller's transaction) and returns the delivery of its result. */
        Runnable resultDelivery() {
            R result = work.get();
            return result == null ? sink::success : () -> sink.success(result);
        }
    }
}
