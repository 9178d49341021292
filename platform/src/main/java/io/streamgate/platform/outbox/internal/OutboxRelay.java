package io.streamgate.platform.outbox.internal;

import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.platform.kafka.PublishException;
import io.streamgate.platform.kafka.EventHeaders;
import io.streamgate.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes the outbox rows of the shards this instance owns, one thread, in cycles: read a batch in id order,
 * publish it, delete what the broker acknowledged.
 *
 * <ul>
 *   <li>Order: within a batch, the events of one key are sent one after another, each after the previous one's ack;
 *       different keys are in flight together (the producer batches and pipelines them). When an event fails, the
 *       later events of its key are not sent in this cycle; the next cycle starts again at the failed one.</li>
 *   <li>At least once: a row is deleted only after its ack. A crash between ack and delete publishes it again (same
 *       event id).</li>
 *   <li>Latency: a commit that appended rows on this instance wakes the relay at once; rows appended on other
 *       instances for this instance's shards are found by polling every {@code poll-interval}.</li>
 * </ul>
 */
final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** The Kafka header carrying the event id, as on every record the platform publishes for a feature. */

    private record Row(long id, String topic, String key, UUID eventId, byte[] payload, String requestId) {
    }

    private record Failure(long id, String kind, String message) {
    }

    private final JdbcTemplate jdbc;
    private final EventPublisher publisher;
    private final OutboxCodec codec;
    private final ShardLeases leases;
    private final OutboxMetrics metrics;
    private final OutboxSettings settings;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean running;
    private volatile Thread thread;
    private long backoffNanos;

    OutboxRelay(JdbcTemplate jdbc, EventPublisher publisher, OutboxCodec codec, ShardLeases leases,
                OutboxMetrics metrics, OutboxSettings settings) {
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.codec = codec;
        this.leases = leases;
        this.metrics = metrics;
        this.settings = settings;
    }

    /** Called after a commit that appended rows: look now rather than at the next poll. */
    void wake() {
        if (pending.compareAndSet(false, true)) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    @Override
    public void start() {
        if (!settings.relayEnabled()) {
            return;
        }
        leases.createShards();
        running = true;
        thread = Thread.ofPlatform().name("streamgate-outbox-relay").daemon(true).start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(settings.leaseDuration().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            leases.releaseAll();
        } catch (RuntimeException e) {
            log.warn("Could not release the outbox shards; other relays take them when the lease expires: {}",
                    e.toString());
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * The web server's own phase: stops after the graceful shutdown (a higher phase) has drained the requests, and
     * then releases the shards, so other instances publish what those requests appended without waiting for a lease.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    private void run() {
        while (running) {
            try {
                leases.maintainIfDue();
                if (!leases.valid()) {
                    idle();
                    continue;
                }
                List<Row> rows = read(leases.owned());
                if (rows.isEmpty()) {
                    idle();
                    continue;
                }
                if (!leases.valid()) {
                    continue;
                }
                boolean failed = publish(rows);
                if (failed) {
                    backOff();
                } else {
                    backoffNanos = 0;
                    if (rows.size() < settings.batchSize()) {
                        idle();
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Outbox relay cycle failed, retrying: {}", e.toString());
                leases.invalidate();
                backOff();
            }
        }
    }

    private void idle() {
        long wait = Math.min(settings.pollInterval().toNanos(), Math.max(0, leases.nanosToMaintenance()));
        if (!pending.getAndSet(false) && wait > 0 && running) {
            LockSupport.parkNanos(this, wait);
            pending.set(false);
        }
    }

    private void backOff() {
        long max = settings.maxBackoff().toNanos();
        backoffNanos = backoffNanos == 0 ? TimeUnit.MILLISECONDS.toNanos(50) : Math.min(max, backoffNanos * 2);
        long deadline = System.nanoTime() + backoffNanos;
        while (running && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(this, deadline - System.nanoTime());
        }
    }

    private List<Row> read(Integer[] shards) {
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    SELECT id, topic, event_key, event_id, payload, request_id FROM outbox_events
                    WHERE shard = ANY(?) ORDER BY id LIMIT ?""");
            ps.setArray(1, con.createArrayOf("integer", shards));
            ps.setInt(2, settings.batchSize());
            return ps;
        }, (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                rs.getBytes(5), rs.getString(6)));
    }

    /** Publishes a batch, deletes the acknowledged rows, records failures. Returns whether any event failed. */
    private boolean publish(List<Row> rows) {
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        for (Row row : rows) {
            byKey.computeIfAbsent(row.topic() + '\u0000' + row.key(), k -> new ArrayList<>()).add(row);
        }
        ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> chains = new ArrayList<>(byKey.size());
        for (List<Row> keyRows : byKey.values()) {
            chains.add(sendInOrder(keyRows, 0, acked, failures));
        }
        awaitAll(CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)));
        delete(acked);
        if (!failures.isEmpty()) {
            recordFailures(failures);
            return true;
        }
        return false;
    }

    /** Sends {@code rows[from]}, and the next one of the same key only once it is acknowledged. */
    private CompletableFuture<Void> sendInOrder(List<Row> rows, int from, ConcurrentLinkedQueue<Long> acked,
                                                ConcurrentLinkedQueue<Failure> failures) {
        Row row = rows.get(from);
        CompletableFuture<?> sent;
        try {
            Topic<String, SpecificRecord> topic = codec.topic(row.topic());
            SpecificRecord event = codec.decode(row.topic(), row.payload());
            Map<String, String> headers = new HashMap<>(4);
            headers.put(EventHeaders.EVENT_ID, row.eventId().toString());
            if (row.requestId() != null) {
                headers.put(EventHeaders.REQUEST_ID, row.requestId());
            }
            sent = publisher.publish(topic, row.key(), event, headers);
        } catch (DataAccessException e) {
            throw e; // the writer schema's look-up failed: says nothing about the row
        } catch (RuntimeException e) {
            failures.add(new Failure(row.id(), OutboxMetrics.INVALID_EVENT, e.toString()));
            return CompletableFuture.completedFuture(null);
        }
        return sent.handle((delivery, error) -> error).thenCompose(error -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                String kind = cause instanceof PublishException p ? p.kind().name() : "OTHER";
                failures.add(new Failure(row.id(), kind, cause.getMessage()));
                return CompletableFuture.completedFuture(null);
            }
            acked.add(row.id());
            return from + 1 < rows.size() ? sendInOrder(rows, from + 1, acked, failures)
                    : CompletableFuture.completedFuture(null);
        });
    }

    /**
     * Waits for every send of the batch: the publisher completes each within the producer's delivery timeout. A next
     * cycle must not start while sends of this one are in flight, or an event could overtake its predecessor.
     */
    private void awaitAll(CompletableFuture<Void> all) {
        long started = System.nanoTime();
        while (true) {
            try {
                all.get(1, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException e) {
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                if (seconds >= 30) {
                    log.warn("Outbox sends unanswered for {} s", seconds);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while outbox events were in flight", e);
            } catch (ExecutionException e) {
                // Each chain records its own failures and completes normally; this would be a bug in the chain.
                throw new IllegalStateException("An outbox send chain failed", e.getCause());
            }
        }
    }

    private void delete(ConcurrentLinkedQueue<Long> acked) {
        if (acked.isEmpty()) {
            return;
        }
        Long[] ids = acked.toArray(Long[]::new);
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    DELETE FROM outbox_events WHERE id = ANY(?)
                    RETURNING EXTRACT(EPOCH FROM clock_timestamp() - created_at) * 1000""");
            ps.setArray(1, con.createArrayOf("bigint", ids));
            return ps;
        }, rs -> {
            metrics.published(rs.getDouble(1));
        });
    }

    private void recordFailures(ConcurrentLinkedQueue<Failure> failures) {
        List<Object[]> args = new ArrayList<>(failures.size());
        for (Failure failure : failures) {
            metrics.failure(failure.kind());
            args.add(new Object[] {truncate(failure.kind() + ": " + failure.message()), failure.id()});
        }
        jdbc.batchUpdate("UPDATE outbox_events SET attempts = attempts + 1, last_error = ? WHERE id = ?", args);
        Failure first = failures.peek();
        log.warn("{} outbox event(s) not published, retrying in order (first: row {}, {}: {})", failures.size(),
                first.id(), first.kind(), first.message());
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
