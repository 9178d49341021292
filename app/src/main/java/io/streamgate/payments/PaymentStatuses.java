package io.streamgate.payments;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The statuses of asynchronously submitted payments, in Postgres ({@code payment_statuses}), so that
 * {@code GET /payments/{id}} answers on every replica and across restarts.
 *
 * <p>A submission first records the payment as pending ({@link #recordPending}, blocking, before anything is published:
 * the client holds a {@code Location} only once every replica can answer it). The delivery callback then hands the
 * outcome to {@link #recordOutcome}, which never blocks the producer's I/O thread: one writer thread drains a bounded
 * queue and writes outcomes in JDBC batches. An outcome updates only the row of its own attempt.
 *
 * <p>Limits, stated openly: statuses are kept for {@code retention} and at most about {@code capacity} rows (a sweep
 * every minute drops the rest, so the table can exceed the capacity by a minute's worth). When the database is down,
 * a new asynchronous submission is refused with 503 before anything is published; outcomes of payments accepted before
 * the outage are retried for a few seconds, then dropped (logged and counted as
 * {@code streamgate.payments.status.dropped}); those payments, like those of a replica that stopped before Kafka
 * answered, read {@code unknown} once the producer's delivery timeout (and a few seconds) has passed since they were
 * accepted, since no outcome can come any more. The payment itself is in Kafka once delivered; this is only a view of
 * the delivery.
 */
class PaymentStatuses implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PaymentStatuses.class);
    private static final int QUEUE_CAPACITY = 10_000;
    private static final int BATCH_SIZE = 500;
    private static final int WRITE_ATTEMPTS = 5;
    private static final Duration WRITE_BACKOFF = Duration.ofSeconds(1);
    /** How long an outcome may take from the producer's answer to its row: the queue, then the writes' retries. */
    private static final Duration OUTCOME_WRITE_TIME = WRITE_BACKOFF.multipliedBy(WRITE_ATTEMPTS).plusSeconds(5);

    /** An outcome waiting to be written: the status and the attempt it belongs to. */
    private record Outcome(UUID attempt, PaymentStatus status) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final int capacity;
    private final Duration retention;
    private final Duration outcomeDeadline;
    private final BlockingQueue<Outcome> outcomes = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Counter dropped;
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param deliveryTimeout  the longest the producer takes to answer a publish; a payment still pending this long
     *                         (plus the few seconds an outcome may take to be written) after it was accepted reads
     *                         {@code unknown}
     */
    PaymentStatuses(JdbcTemplate jdbc, int capacity, Duration retention, Duration deliveryTimeout,
                    MeterRegistry meters) {
        this.jdbc = JdbcClient.create(jdbc);
        this.batch = jdbc;
        this.capacity = capacity;
        this.retention = retention;
        this.outcomeDeadline = deliveryTimeout.plus(OUTCOME_WRITE_TIME);
        this.dropped = Counter.builder("streamgate.payments.status.dropped")
                .description("Asynchronous payment outcomes that could not be recorded (database down too long)")
                .register(meters);
        this.writer = Thread.ofPlatform().name("payment-status-writer").daemon(true).start(this::writeLoop);
    }

    /**
     * Records {@code paymentId} as pending for a new attempt, replacing whatever an earlier attempt left. Blocking
     * JDBC: call it off the event loop. Throws a {@link DataAccessException} when the database is unavailable.
     *
     * @return the attempt, to pass to {@link #recordOutcome}
     */
    UUID recordPending(UUID paymentId) {
        UUID attempt = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO payment_statuses (payment_id, attempt, status)
                        VALUES (:id, :attempt, 'pending')
                        ON CONFLICT (payment_id) DO UPDATE
                           SET attempt = excluded.attempt, status = 'pending', topic = NULL, "partition" = NULL,
                               "offset" = NULL, error = NULL, created_at = now(), updated_at = now()
                        """)
                .param("id", paymentId).param("attempt", attempt).update();
        return attempt;
    }

    /** Queues the outcome of {@code attempt}; never blocks. Written by the writer thread within milliseconds. */
    void recordOutcome(UUID attempt, PaymentStatus status) {
        if (closed || !outcomes.offer(new Outcome(attempt, status))) {
            dropped.increment();
            log.warn("Status {} of payment {} not recorded: {}", status.status(), status.paymentId(),
                    closed ? "shutting down" : "the status queue is full (database too slow or down)");
        }
    }

    /**
     * The status of {@code paymentId} if it is younger than the retention. A row still {@code pending} past the
     * outcome deadline reads {@code unknown}: the replica that accepted the payment stopped (a crash, a kill) before
     * Kafka answered it, or could not record the answer, and no one else ever will. Blocking JDBC.
     */
    Optional<PaymentStatus> find(UUID paymentId) {
        return jdbc.sql("""
                        SELECT status, topic, "partition", "offset", error,
                               status = 'pending' AND created_at < now() - make_interval(secs => :deadline)
                          FROM payment_statuses
                         WHERE payment_id = :id AND created_at >= now() - make_interval(secs => :retention)
                        """)
                .param("id", paymentId).param("retention", (double) retention.toSeconds())
                .param("deadline", outcomeDeadline.toMillis() / 1000.0)
                .query((rs, row) -> rs.getBoolean(6)
                        ? PaymentStatus.noOutcome(paymentId, outcomeDeadline)
                        : new PaymentStatus(paymentId, rs.getString(1), rs.getString(2),
                        (Integer) rs.getObject(3), (Long) rs.getObject(4), rs.getString(5)))
                .optional();
    }

    /** Drops statuses past the retention and all but the newest {@code capacity}; returns how many. */
    int sweep() {
        int expired = jdbc.sql("DELETE FROM payment_statuses WHERE created_at < now() - make_interval(secs => :retention)")
                .param("retention", (double) retention.toSeconds()).update();
        int overflow = jdbc.sql("""
                        DELETE FROM payment_statuses WHERE created_at < (
                            SELECT created_at FROM payment_statuses ORDER BY created_at DESC OFFSET :capacity LIMIT 1)
                        """)
                .param("capacity", capacity).update();
        return expired + overflow;
    }

    private void writeLoop() {
        List<Outcome> pending = new ArrayList<>(BATCH_SIZE);
        while (!closed || !outcomes.isEmpty()) {
            try {
                Outcome first = outcomes.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                pending.add(first);
                outcomes.drainTo(pending, BATCH_SIZE - 1);
                writeWithRetries(pending);
            } catch (InterruptedException e) {
                // Only close() interrupts, after waiting for the queue to drain: give up on the rest.
                dropped.increment(pending.size() + outcomes.size());
                log.warn("Shut down with {} asynchronous payment status(es) not recorded",
                        pending.size() + outcomes.size());
                Thread.currentThread().interrupt();
                return;
            } finally {
                pending.clear();
            }
        }
    }

    private void writeWithRetries(List<Outcome> pending) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                write(pending);
                return;
            } catch (DataAccessException e) {
                if (attempt >= WRITE_ATTEMPTS || closed) {
                    dropped.increment(pending.size());
                    log.warn("Dropped {} asynchronous payment status(es) after {} attempt(s); they stay pending until "
                            + "they expire: {}", pending.size(), attempt, e.getMessage());
                    return;
                }
                log.debug("Writing payment statuses failed (attempt {}), retrying: {}", attempt, e.getMessage());
                Thread.sleep(WRITE_BACKOFF.toMillis());
            }
        }
    }

    private void write(List<Outcome> pending) {
        batch.batchUpdate("""
                UPDATE payment_statuses
                   SET status = ?, topic = ?, "partition" = ?, "offset" = ?, error = ?, updated_at = now()
                 WHERE payment_id = ? AND attempt = ?
                """, pending, pending.size(), (ps, outcome) -> {
            PaymentStatus status = outcome.status();
            ps.setString(1, status.status());
            ps.setObject(2, status.topic(), Types.VARCHAR);
            ps.setObject(3, status.partition(), Types.INTEGER);
            ps.setObject(4, status.offset(), Types.BIGINT);
            ps.setObject(5, status.error(), Types.VARCHAR);
            ps.setObject(6, status.paymentId());
            ps.setObject(7, outcome.attempt());
        });
    }

    /** Writes the outcomes still queued (delivery callbacks run until the producer is closed), then stops. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        writer.join(Duration.ofSeconds(5));
        if (writer.isAlive()) {
            writer.interrupt();
            writer.join(Duration.ofSeconds(2));
        }
    }
}
