package io.streamgate.platform.outbox.internal;

import io.streamgate.platform.kafka.EventHeaders;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.platform.kafka.PublishException;
import io.streamgate.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

/**
 * Publishes the outbox rows of the shards this instance owns, from one thread that alone reads, sends, and writes
 * back; the publisher's callbacks only hand their outcome to it.
 *
 * <ul>
 *   <li>Order: a key has at most one event in flight; its next event is sent once the previous one is acknowledged.
 *       Different keys are in flight together (the producer batches and pipelines them), and each key moves on its
 *       own: the thread does not wait for a batch, it reads new rows while others are in flight.</li>
 *   <li>Faults stay with their key. When a key's event fails, the key's rows move to {@code outbox_held}: until its
 *       retry (per key back-off up to {@code retry-max-backoff}) when the failure may pass (no acknowledgement in
 *       time: a partition without leader, or a schema look-up that failed), for good when it cannot (the event does
 *       not decode, the broker rejects the record): parked, until an operator retries or drops it. The key's later
 *       appends follow it there, so {@code outbox_events} holds only rows that can go now, and every read finds
 *       them. Only when Kafka or the registry as a whole is unavailable does the relay pause everything, because
 *       every key would fail alike.</li>
 *   <li>Leases: each row is sent only if the shard's lease is valid now and is still the one the row was read under
 *       (its epoch); deletes, moves and parks name that epoch, so a relay that lost a shard changes none of its rows.
 *       A lease lost while events of its shard are in flight stops all sending until they are answered, and then the
 *       relay starts again from the table. {@link #stop()} sends nothing more, waits for what is in flight (renewing
 *       its leases), and only then releases its shards.</li>
 *   <li>At least once: a row is deleted only after its ack. A crash between ack and delete publishes it again (same
 *       event id).</li>
 *   <li>Latency: a commit that appended rows on this instance wakes the relay at once; rows appended on other
 *       instances for this instance's shards are found by polling every {@code poll-interval}.</li>
 * </ul>
 */
final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /**
     * How long {@link #stop()} waits for sends in flight. The publisher answers each within the producer's delivery
     * timeout (30 s by default, longer than a broker failover), so only a send to a partition that has had no leader
     * for that long is still open when this passes; the leases are then left to expire rather than released, which
     * keeps another instance from publishing the shard while this one may.
     */
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * How long acknowledged rows may wait to be deleted together: each delete is a commit (a WAL flush), and acks
     * come a few at a time. Rows wait in memory meanwhile, so they are never read again.
     */
    private static final long DELETE_COALESCING_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** The unit of order: a key of a topic (its shard follows from the key). */
    record Key(int shard, String topic, String key) {
    }

    /** An outbox row in memory: where it is ({@code held}: in outbox_held) and the lease epoch it was read under. */
    record Row(long id, Key key, UUID eventId, byte[] payload, String requestId, boolean held, long epoch) {
    }

    /** A key with rows in memory: at most one in flight, the rest queued behind it in id order. */
    private static final class KeyState {
        final Key key;
        final ArrayDeque<Row> queue = new ArrayDeque<>();
        Row inFlight;
        boolean sendable;

        KeyState(Key key) {
            this.key = key;
        }
    }

    private record Completion(KeyState state, Row row, Throwable error) {
    }

    /** A key that stops: its rows move to outbox_held, the first one waiting for a retry or parked. */
    private record Stop(Key key, List<Row> rows, String kind, String message, boolean park) {
    }

    /** A failed attempt of a row that stays where it is (the whole relay pauses): counted on the row. */
    private record Attempt(Row row, String message) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventPublisher publisher;
    private final OutboxCodec codec;
    private final ShardLeases leases;
    private final OutboxMetrics metrics;
    private final OutboxSettings settings;
    /** Set by whatever should keep the relay thread from parking (a commit, an answer). */
    private final AtomicBoolean pending = new AtomicBoolean();
    /** Set by a local commit that appended rows: read now rather than at the next poll. */
    private final AtomicBoolean appended = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    private volatile Thread thread;

    // Owned by the relay thread.
    private final Map<Key, KeyState> active = new HashMap<>();
    private final ArrayDeque<KeyState> sendable = new ArrayDeque<>();
    /** Ids of the rows in memory (queued, in flight, acknowledged and not yet deleted, or about to move): not read. */
    private final Set<Long> inMemory = new HashSet<>();
    /** Keys of owned shards with rows in outbox_held: their rows read from outbox_events follow them there. */
    private final Set<Key> heldKeys = new HashSet<>();
    private final List<Row> acked = new ArrayList<>();
    private final List<Stop> stops = new ArrayList<>();
    private final List<Row> moves = new ArrayList<>();
    private final List<Attempt> attempts = new ArrayList<>();
    private final int[] inFlightByShard;
    private int inFlight;
    private boolean moreToRead;
    private boolean resync;
    private long lastHeldScan = System.nanoTime();
    private long lastRead = System.nanoTime();
    private long firstAckedAt;
    private long pauseNanos;
    private long pauseUntil = System.nanoTime();

    OutboxRelay(JdbcTemplate jdbc, EventPublisher publisher, OutboxCodec codec, ShardLeases leases,
                OutboxMetrics metrics, OutboxSettings settings) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(
                new DataSourceTransactionManager(Objects.requireNonNull(jdbc.getDataSource())));
        this.publisher = publisher;
        this.codec = codec;
        this.leases = leases;
        this.metrics = metrics;
        this.settings = settings;
        this.inFlightByShard = new int[settings.shards()];
    }

    /** Called after a commit that appended rows: look now rather than at the next poll. */
    void wake() {
        appended.set(true);
        signal();
    }

    /** Keeps the relay thread from parking, or unparks it. */
    private void signal() {
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

    /** Sends nothing more, waits for the sends in flight (up to {@link #DRAIN_LIMIT}), then releases the shards. */
    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(DRAIN_LIMIT.plus(settings.leaseDuration()).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
                cycle();
            } catch (RuntimeException e) {
                log.warn("Outbox relay cycle failed, retrying: {}", e.toString());
                leases.invalidate();
                pause();
                sleepUntil(pauseUntil);
            }
        }
        drain();
    }

    private void cycle() {
        takeCompletions();
        flush(false);
        if (leases.nanosToMaintenance() <= 0) {
            maintainLeases();
        }
        if (resync) {
            if (inFlight > 0) {
                waitForWork();
                return;
            }
            resync = false;
            forgetAll();
            refreshHeldKeys();
        }
        if (publishing()) {
            loadDueHeldKeys();
            long now = System.nanoTime();
            boolean due = moreToRead || appended.getAndSet(false)
                    || now - lastRead >= settings.pollInterval().toNanos();
            if (due && inMemory.size() < settings.maxInFlight()) {
                lastRead = now;
                read();
            }
            flush(false);
            send();
        }
        waitForWork();
    }

    private boolean publishing() {
        return leases.valid() && System.nanoTime() - pauseUntil >= 0 && !resync;
    }

    // ---- leases ------------------------------------------------------------------------------------------------

    private void maintainLeases() {
        long[] before = new long[settings.shards()];
        for (int s = 0; s < before.length; s++) {
            before[s] = leases.epoch(s);
        }
        leases.maintain(s -> inFlightByShard[s] > 0, running);
        Set<Integer> publishable = Set.of(leases.owned());
        Set<Integer> changed = new HashSet<>();
        for (int s = 0; s < before.length; s++) {
            if (before[s] != 0 && before[s] != leases.epoch(s)) {
                changed.add(s);
                if (inFlightByShard[s] > 0) {
                    // Lost (or lost and taken back) while events of it are in flight: their outcome says nothing
                    // about what the table holds now. Send nothing until they are answered, then start afresh.
                    resync = true;
                }
            }
        }
        if (!resync) {
            forgetShards(s -> changed.contains(s) || !publishable.contains(s));
        }
        refreshHeldKeys();
    }

    /** Forgets what is queued for the shards matching {@code shard}; rows in flight stay until they are answered. */
    private void forgetShards(IntPredicate shard) {
        active.values().removeIf(state -> {
            if (!shard.test(state.key.shard())) {
                return false;
            }
            state.queue.forEach(row -> inMemory.remove(row.id()));
            state.queue.clear();
            state.sendable = false;
            return state.inFlight == null;
        });
        sendable.removeIf(state -> shard.test(state.key.shard()));
        moves.removeIf(row -> {
            if (shard.test(row.key().shard())) {
                inMemory.remove(row.id());
                return true;
            }
            return false;
        });
    }

    /** Forgets a key's queued rows (they stay in their table); a row in flight stays until it is answered. */
    private void forget(KeyState state) {
        state.queue.forEach(row -> inMemory.remove(row.id()));
        state.queue.clear();
        state.sendable = false;
        if (state.inFlight == null) {
            active.remove(state.key);
        }
    }

    /** After a resync, when nothing is in flight: everything is read again from the tables. */
    private void forgetAll() {
        active.clear();
        sendable.clear();
        moves.clear();
        stops.clear();
        inMemory.clear();
        acked.forEach(row -> inMemory.add(row.id())); // their deletes are still to come
        heldKeys.clear();
    }

    private void refreshHeldKeys() {
        Integer[] owned = leases.owned();
        heldKeys.clear();
        if (owned.length == 0) {
            return;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(
                    "SELECT DISTINCT shard, topic, event_key FROM outbox_held WHERE shard = ANY(?)");
            ps.setArray(1, con.createArrayOf("integer", owned));
            return ps;
        }, rs -> {
            heldKeys.add(new Key(rs.getInt(1), rs.getString(2), rs.getString(3)));
        });
        stops.forEach(stop -> heldKeys.add(stop.key()));
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    /** Reads the next rows of outbox_events that are not in memory yet, in id order, and queues them per key. */
    private void read() {
        Integer[] owned = leases.owned();
        Long[] known = inMemory.toArray(Long[]::new);
        int limit = settings.batchSize();
        List<Row> rows = jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    SELECT id, shard, topic, event_key, event_id, payload, request_id FROM outbox_events
                    WHERE shard = ANY(?) AND NOT (id = ANY(?)) ORDER BY id LIMIT ?""");
            ps.setArray(1, con.createArrayOf("integer", owned));
            ps.setArray(2, con.createArrayOf("bigint", known));
            ps.setInt(3, limit);
            return ps;
        }, (rs, i) -> row(rs, false));
        moreToRead = rows.size() == limit;
        for (Row row : rows) {
            inMemory.add(row.id());
            KeyState state = active.get(row.key());
            if (state != null) {
                state.queue.add(row);
                markSendable(state);
            } else if (heldKeys.contains(row.key())) {
                moves.add(row);
            } else {
                state = new KeyState(row.key());
                active.put(row.key(), state);
                state.queue.add(row);
                markSendable(state);
            }
        }
    }

    /**
     * Takes up the held keys whose retry is due (or whose first row an operator dropped or released): all their held
     * rows, in id order, as the key's queue. Runs at most once a poll interval, and never while moves to
     * outbox_held are pending, so a key's held rows are all there when it is taken up.
     */
    private void loadDueHeldKeys() {
        long now = System.nanoTime();
        if (heldKeys.isEmpty() || !moves.isEmpty() || !stops.isEmpty()
                || now - lastHeldScan < settings.pollInterval().toNanos()) {
            return;
        }
        lastHeldScan = now;
        Integer[] owned = leases.owned();
        List<Key> due = jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    SELECT shard, topic, event_key FROM (
                        SELECT DISTINCT ON (event_key, topic) shard, topic, event_key, retry_at, parked_at
                        FROM outbox_held WHERE shard = ANY(?) ORDER BY event_key, topic, id) heads
                    WHERE parked_at IS NULL AND (retry_at IS NULL OR retry_at <= clock_timestamp())
                    LIMIT ?""");
            ps.setArray(1, con.createArrayOf("integer", owned));
            ps.setInt(2, settings.batchSize());
            return ps;
        }, (rs, i) -> new Key(rs.getInt(1), rs.getString(2), rs.getString(3)));
        Set<Key> taken = new HashSet<>();
        for (Key key : due) {
            if (!active.containsKey(key)) {
                taken.add(key);
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        String[] names = taken.stream().map(Key::key).distinct().toArray(String[]::new);
        List<Row> rows = jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    SELECT id, shard, topic, event_key, event_id, payload, request_id FROM outbox_held
                    WHERE event_key = ANY(?) AND shard = ANY(?) ORDER BY id""");
            ps.setArray(1, con.createArrayOf("text", names));
            ps.setArray(2, con.createArrayOf("integer", owned));
            return ps;
        }, (rs, i) -> row(rs, true));
        for (Row row : rows) {
            if (!taken.contains(row.key()) || !inMemory.add(row.id())) {
                continue;
            }
            heldKeys.add(row.key());
            KeyState state = active.computeIfAbsent(row.key(), KeyState::new);
            state.queue.add(row);
            markSendable(state);
        }
    }

    private Row row(ResultSet rs, boolean held) throws SQLException {
        int shard = rs.getInt(2);
        return new Row(rs.getLong(1), new Key(shard, rs.getString(3), rs.getString(4)),
                rs.getObject(5, UUID.class), rs.getBytes(6), rs.getString(7), held, leases.epoch(shard));
    }

    // ---- sending -----------------------------------------------------------------------------------------------

    private void markSendable(KeyState state) {
        if (!state.sendable && state.inFlight == null && !state.queue.isEmpty()) {
            state.sendable = true;
            sendable.add(state);
        }
    }

    /** Sends the first queued row of every key that has none in flight, each after checking its shard's lease. */
    private void send() {
        KeyState state;
        while (publishing() && (state = sendable.poll()) != null) {
            state.sendable = false;
            if (state.inFlight != null || state.queue.isEmpty() || active.get(state.key) != state) {
                continue;
            }
            Row row = state.queue.peek();
            if (!leases.valid(row.key().shard(), row.epoch())) {
                forget(state); // the shard's lease ended or changed: its owner reads the rows again
                continue;
            }
            Topic<String, SpecificRecord> topic;
            SpecificRecord event;
            try {
                topic = codec.topic(row.key().topic());
                event = codec.decode(row.key().topic(), row.payload());
            } catch (DataAccessException e) {
                stop(state, "DATABASE", "Could not look up the event's writer schema: " + e.getMessage(), false);
                continue;
            } catch (RuntimeException e) {
                metrics.failure(OutboxMetrics.INVALID_EVENT);
                stop(state, OutboxMetrics.INVALID_EVENT, e.toString(), true);
                continue;
            }
            Map<String, String> headers = new HashMap<>(4);
            headers.put(EventHeaders.EVENT_ID, row.eventId().toString());
            if (row.requestId() != null) {
                headers.put(EventHeaders.REQUEST_ID, row.requestId());
            }
            CompletableFuture<?> sent;
            try {
                sent = publisher.publish(topic, row.key().key(), event, headers);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            state.queue.poll();
            state.inFlight = row;
            inFlight++;
            inFlightByShard[row.key().shard()]++;
            KeyState sender = state;
            // Runs on the producer's I/O thread (or here, when already complete): hand over, nothing more.
            sent.whenComplete((delivery, error) -> {
                completions.add(new Completion(sender, row, error));
                signal();
            });
            if (sent.isCompletedExceptionally()) {
                takeCompletions(); // an immediate refusal (Kafka known down, buffer full) pauses at once
            }
        }
    }

    private void takeCompletions() {
        Completion c;
        while ((c = completions.poll()) != null) {
            KeyState state = c.state();
            Row row = c.row();
            state.inFlight = null;
            inFlight--;
            inFlightByShard[row.key().shard()]--;
            boolean current = active.get(state.key) == state && leases.epoch(row.key().shard()) == row.epoch();
            if (c.error() == null) {
                if (acked.isEmpty()) {
                    firstAckedAt = System.nanoTime();
                }
                acked.add(row); // leaves inMemory once deleted
                pauseNanos = 0;
                if (!current) {
                    continue;
                }
                if (state.queue.isEmpty()) {
                    active.remove(state.key);
                    heldKeys.remove(state.key);
                } else {
                    markSendable(state);
                }
                continue;
            }
            Throwable cause = c.error() instanceof CompletionException && c.error().getCause() != null
                    ? c.error().getCause() : c.error();
            PublishException.Kind kind = cause instanceof PublishException p ? p.kind() : null;
            String kindName = kind == null ? "OTHER" : kind.name();
            metrics.failure(kindName);
            if (!current) {
                inMemory.remove(row.id()); // its shard's owner, maybe this relay afresh, reads it again
                if (active.get(state.key) == state && state.queue.isEmpty()) {
                    active.remove(state.key);
                }
                continue;
            }
            if (kind == PublishException.Kind.KAFKA_UNAVAILABLE || kind == PublishException.Kind.BUFFER_FULL
                    || kind == PublishException.Kind.REGISTRY_UNAVAILABLE) {
                // Every key would fail alike: the row stays first in its key's queue, and the whole relay pauses.
                state.queue.addFirst(row);
                markSendable(state);
                attempts.add(new Attempt(row, kindName + ": " + cause.getMessage()));
                pause();
            } else {
                state.queue.addFirst(row);
                boolean never = cause instanceof PublishException p && !p.isRetriable();
                stop(state, kindName, String.valueOf(cause.getMessage()), never);
            }
        }
    }

    /**
     * Stops {@code state}'s key: its first queued row waits for a retry ({@code park} false) or is parked, and every
     * row of the key in memory moves to outbox_held with it.
     */
    private void stop(KeyState state, String kind, String message, boolean park) {
        List<Row> rows = new ArrayList<>(state.queue);
        state.queue.clear();
        active.remove(state.key);
        heldKeys.add(state.key);
        stops.add(new Stop(state.key, rows, kind, message, park));
    }

    private void pause() {
        long max = settings.maxBackoff().toNanos();
        pauseNanos = pauseNanos == 0 ? FIRST_BACKOFF_NANOS : Math.min(max, pauseNanos * 2);
        pauseUntil = System.nanoTime() + pauseNanos;
    }

    private void waitForWork() {
        if (!completions.isEmpty()) {
            return;
        }
        if (publishing() && (!sendable.isEmpty() || moreToRead && inMemory.size() < settings.maxInFlight())) {
            return;
        }
        long wait = Math.min(settings.pollInterval().toNanos(), Math.max(0, leases.nanosToMaintenance()));
        long paused = pauseUntil - System.nanoTime();
        if (paused > 0) {
            wait = Math.min(wait, paused);
        }
        if (!acked.isEmpty()) {
            wait = Math.min(wait, Math.max(0, firstAckedAt + DELETE_COALESCING_NANOS - System.nanoTime()));
        }
        if (!pending.getAndSet(false) && wait > 0 && running) {
            LockSupport.parkNanos(this, wait);
            pending.set(false);
        }
    }

    private void sleepUntil(long deadline) {
        while (running && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(this, deadline - System.nanoTime());
        }
    }

    // ---- writing back ------------------------------------------------------------------------------------------

    /**
     * Writes back what is pending. Acknowledged rows are deleted together: once {@code batch-size} of them wait, their
     * first waited {@link #DELETE_COALESCING_NANOS}, nothing is in flight any more, or rows are to be held (a held
     * key's acknowledged first row must be gone before its next row becomes the first); {@code all}: now.
     */
    private void flush(boolean all) {
        if (!acked.isEmpty() && (all || !stops.isEmpty() || !moves.isEmpty() || inFlight == 0
                || acked.size() >= settings.batchSize()
                || System.nanoTime() - firstAckedAt >= DELETE_COALESCING_NANOS)) {
            deleteAcked();
        }
        if (!stops.isEmpty() || !moves.isEmpty()) {
            holdAndPark();
        }
        if (!attempts.isEmpty()) {
            recordAttempts();
        }
    }

    /**
     * Deletes the acknowledged rows, in whichever table they are, as long as their shard is still this relay's under
     * the epoch it holds. A row whose shard went elsewhere stays; its new owner publishes it again (same event id).
     */
    private void deleteAcked() {
        Long[] epochs = leases.epochsForSql();
        for (boolean held : new boolean[] {false, true}) {
            Long[] ids = acked.stream().filter(r -> r.held() == held).map(Row::id).toArray(Long[]::new);
            if (ids.length == 0) {
                continue;
            }
            String table = held ? "outbox_held" : "outbox_events";
            jdbc.query(con -> {
                PreparedStatement ps = con.prepareStatement("DELETE FROM " + table + " e WHERE e.id = ANY(?) AND "
                        + "EXISTS (SELECT 1 FROM outbox_shards s WHERE s.shard = e.shard AND s.owner = ? "
                        + "AND s.epoch = (?::bigint[])[e.shard + 1]) "
                        + "RETURNING EXTRACT(EPOCH FROM clock_timestamp() - e.created_at) * 1000");
                ps.setArray(1, con.createArrayOf("bigint", ids));
                ps.setString(2, leases.instance());
                ps.setArray(3, con.createArrayOf("bigint", epochs));
                return ps;
            }, rs -> {
                metrics.published(rs.getDouble(1));
            });
        }
        acked.forEach(row -> inMemory.remove(row.id()));
        acked.clear();
    }

    /**
     * Moves the rows of stopped keys, and the rows read for keys already held, to outbox_held, and marks each stopped
     * key's first row: retry at (doubling back-off) or parked. One transaction that holds the shards' lease rows
     * (FOR SHARE) with this relay's epochs, so no other relay can claim a shard while its rows move.
     */
    private void holdAndPark() {
        List<Stop> stopped = List.copyOf(stops);
        List<Row> following = List.copyOf(moves);
        Set<Integer> shards = new HashSet<>();
        stopped.forEach(s -> shards.add(s.key().shard()));
        following.forEach(r -> shards.add(r.key().shard()));
        Long[] epochs = leases.epochsForSql();
        transactions.executeWithoutResult(status -> {
            Set<Integer> valid = new HashSet<>(jdbc.query(con -> {
                PreparedStatement ps = con.prepareStatement("""
                        SELECT shard FROM outbox_shards WHERE shard = ANY(?) AND owner = ?
                        AND epoch = (?::bigint[])[shard + 1] AND lease_until > clock_timestamp() FOR SHARE""");
                ps.setArray(1, con.createArrayOf("integer", shards.toArray()));
                ps.setString(2, leases.instance());
                ps.setArray(3, con.createArrayOf("bigint", epochs));
                return ps;
            }, (rs, i) -> rs.getInt(1)));
            List<Long> move = new ArrayList<>();
            List<Object[]> heads = new ArrayList<>();
            for (Stop stop : stopped) {
                Row first = stop.rows().getFirst();
                if (!valid.contains(stop.key().shard()) || first.epoch() != leases.epoch(stop.key().shard())) {
                    continue;
                }
                stop.rows().stream().filter(r -> !r.held()).forEach(r -> move.add(r.id()));
                heads.add(new Object[] {truncate(stop.kind() + ": " + stop.message()), stop.park(), stop.park(),
                        settings.retryMaxBackoff().toMillis(), TimeUnit.NANOSECONDS.toMillis(FIRST_BACKOFF_NANOS),
                        first.id()});
            }
            for (Row row : following) {
                if (valid.contains(row.key().shard()) && row.epoch() == leases.epoch(row.key().shard())) {
                    move.add(row.id());
                }
            }
            if (!move.isEmpty()) {
                jdbc.update(con -> {
                    PreparedStatement ps = con.prepareStatement("""
                            WITH moved AS (DELETE FROM outbox_events WHERE id = ANY(?) RETURNING *)
                            INSERT INTO outbox_held (id, shard, topic, event_key, event_id, payload, request_id,
                                                     created_at, attempts, last_error)
                            SELECT id, shard, topic, event_key, event_id, payload, request_id, created_at, attempts,
                                   last_error FROM moved""");
                    ps.setArray(1, con.createArrayOf("bigint", move.toArray()));
                    return ps;
                });
            }
            if (!heads.isEmpty()) {
                jdbc.batchUpdate("""
                        UPDATE outbox_held SET attempts = attempts + 1, last_error = ?,
                            parked_at = CASE WHEN ? THEN clock_timestamp() END,
                            retry_at = CASE WHEN ? THEN NULL ELSE clock_timestamp()
                                + LEAST(?, ? * power(2, LEAST(attempts, 20))) * interval '1 millisecond' END
                        WHERE id = ?""", heads);
            }
        });
        stops.clear();
        moves.clear();
        List<Stop> parked = stopped.stream().filter(Stop::park).toList();
        if (!parked.isEmpty()) {
            Stop first = parked.getFirst();
            log.error("{} outbox event(s) parked: they can never be published as they are, and the later events of "
                            + "their keys wait behind them (first: row {}, key {}, {}: {}); see docs/outbox.md to "
                            + "retry or drop them", parked.size(), first.rows().getFirst().id(), first.key().key(),
                    first.kind(), first.message());
        }
        if (parked.size() < stopped.size()) {
            Stop first = stopped.stream().filter(s -> !s.park()).findFirst().orElseThrow();
            log.warn("{} outbox key(s) held back for a retry, the other keys go on (first: row {}, key {}, {}: {})",
                    stopped.size() - parked.size(), first.rows().getFirst().id(), first.key().key(), first.kind(),
                    first.message());
        }
        stopped.forEach(stop -> stop.rows().forEach(row -> inMemory.remove(row.id())));
        following.forEach(row -> inMemory.remove(row.id()));
    }

    private void recordAttempts() {
        List<Object[]> args = new ArrayList<>(attempts.size());
        for (Attempt attempt : attempts) {
            args.add(new Object[] {truncate(attempt.message()), attempt.row().id()});
        }
        Attempt first = attempts.getFirst();
        attempts.clear();
        jdbc.batchUpdate("UPDATE outbox_events SET attempts = attempts + 1, last_error = ? WHERE id = ?", args);
        jdbc.batchUpdate("UPDATE outbox_held SET attempts = attempts + 1, last_error = ? WHERE id = ?", args);
        log.warn("Outbox publishing paused for up to {} ms: {} (row {})", TimeUnit.NANOSECONDS.toMillis(pauseNanos),
                first.message(), first.row().id());
    }

    // ---- stopping ----------------------------------------------------------------------------------------------

    /**
     * After the last cycle: forget everything queued (it stays in the table for the next owner), wait for the sends
     * in flight while renewing the leases (shards with nothing in flight are released at the first renewal), then
     * release every shard. If sends are still unanswered after {@link #DRAIN_LIMIT}, the leases are left to expire
     * rather than handed over while this instance may still publish.
     */
    private void drain() {
        forgetShards(s -> true);
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (inFlight > 0 && System.nanoTime() - deadline < 0) {
            try {
                if (leases.nanosToMaintenance() <= 0) {
                    leases.maintain(s -> inFlightByShard[s] > 0, false);
                }
                takeCompletions();
                flush(true);
            } catch (RuntimeException e) {
                log.warn("Outbox relay could not renew its leases or write back while stopping: {}", e.toString());
                leases.invalidate();
            }
            if (inFlight > 0 && completions.isEmpty()) {
                LockSupport.parkNanos(this, Math.min(settings.pollInterval().toNanos(),
                        Math.max(1, deadline - System.nanoTime())));
            }
        }
        try {
            takeCompletions();
            flush(true);
            if (inFlight == 0) {
                leases.releaseAll();
            } else {
                log.warn("{} outbox send(s) unanswered after {}: the shards are left to expire with their leases",
                        inFlight, DRAIN_LIMIT);
            }
        } catch (RuntimeException e) {
            log.warn("Could not release the outbox shards; other relays take them when the lease expires: {}",
                    e.toString());
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
