package io.streamgate.trips;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamgate.platform.streams.RecordRejectedException;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.trips.DriverAssigned;
import io.streamgate.schemas.trips.JoinedTrip;
import io.streamgate.schemas.trips.LateReason;
import io.streamgate.schemas.trips.LateTripPart;
import io.streamgate.schemas.trips.TripCompleted;
import io.streamgate.schemas.trips.TripJoinState;
import io.streamgate.schemas.trips.TripJoinStatus;
import io.streamgate.schemas.trips.TripRequested;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trips join (seed 001's consumer): the three trip streams, keyed by trip id, joined into one {@link JoinedTrip}
 * per trip on {@code hw.fake.joinedstreams}. A processor with three state stores and a wall-clock punctuator, not a
 * windowed join (see docs/architecture.md, "Trips join"):
 * <ul>
 *   <li>{@code trip-join-state}: per trip, the parts seen so far while WAITING, then a small JOINED or EXPIRED marker
 *       without the parts;</li>
 *   <li>{@code trip-join-deadlines}: an index {@code <deadline millis, 13 digits>:<trip id>}, so each punctuation
 *       range-scans only what is due instead of the whole state;</li>
 *   <li>{@code trip-join-waiting}: how many trips of the task are WAITING, one small entry (in memory, changelogged,
 *       not cached: see {@link #build}), for the gauge {@code streamgate.trips.join.waiting}.</li>
 * </ul>
 * Rules: the trip is emitted when its third distinct part arrives, whatever the order. A second copy of a part while
 * the trip waits is ignored (the first copy wins; counted as a duplicate). A trip waits at most {@code partialTimeout}
 * from its first part; then its parts go to {@code hw.fake.trip-parts-late} as EXPIRED_WAITING. A part arriving after
 * its trip was joined or expired goes there too (ARRIVED_AFTER_JOIN, ARRIVED_AFTER_EXPIRY) and is counted. Markers
 * are purged {@code closedRetention} after the trip closed, which bounds the state: at most (trips per second ×
 * (partialTimeout + closedRetention)) entries, most of them markers of a few dozen bytes.
 * <p>
 * Exactly once: under exactly_once_v2 a part's state change, its output and its input offset commit in one
 * transaction, so a crash between them replays the part against the state as it was, and the trip is emitted once.
 * The Micrometer counters are the exception: they count processing attempts, so after a crash they may count a
 * replayed record twice. The topics are the exact record.
 * <p>
 * Failures (the platform's rule, {@code StreamsApplications}): a part whose bytes can never decode, or whose key is
 * not its trip id ({@link RecordRejectedException}), goes to {@code hw.fake.joinedstreams.DLT} and the task goes on.
 * Anything else fails the task and is retried from its last commit: a writer schema or the joined record's schema
 * that cannot be fetched while the registry is down, a record that cannot be sent, a store or punctuation failure.
 * The transaction is aborted, so nothing of the failed attempt is kept. The processor also orders each step's effects
 * so that one that fails half-way leaves the trip as it was: output before the state that says it was written, a
 * deadline entry deleted only after what it was due for.
 * <p>
 * The three input topics must have the same partition count (they are keyed alike), so that partition n of all three
 * is read by the same task and a trip's parts meet in one store.
 */
public final class TripJoinTopology {

    static final String STATE_STORE = "trip-join-state";
    static final String DEADLINE_STORE = "trip-join-deadlines";
    static final String WAITING_STORE = "trip-join-waiting";
    private static final String WAITING_KEY = "waiting";
    private static final String JOIN = "trip-join";
    /** Bounds one punctuation's pause; what is left is due at the next one. */
    private static final int MAX_DUE_PER_PUNCTUATION = 20_000;

    /** Value serdes of Avro records: through the registry in production, plain Avro in tests. */
    public interface ValueSerdes {
        /** For a catalogue topic's values: contracts. */
        <T extends SpecificRecord> Serde<T> of(Class<T> type);

        /** For a state store's values (its changelog topic): the join's private state. */
        default <T extends SpecificRecord> Serde<T> state(Class<T> type) {
            return of(type);
        }
    }

    private final TripsSettings.Join settings;
    private final ValueSerdes serdes;
    private final Counter joined;
    private final Counter duplicates;
    private final Map<LateReason, Counter> late = new EnumMap<>(LateReason.class);
    /** Trips waiting for a part, per task this instance runs (the gauge adds them up). */
    private final Map<TaskId, AtomicLong> waiting = new ConcurrentHashMap<>();

    public TripJoinTopology(TripsSettings.Join settings, ValueSerdes serdes, MeterRegistry meters) {
        this.settings = settings;
        this.serdes = serdes;
        this.joined = Counter.builder("streamgate.trips.join.joined")
                .description("Trips joined and written to " + Topics.JOINED_TRIPS.name()).register(meters);
        this.duplicates = Counter.builder("streamgate.trips.join.duplicates")
                .description("Second copies of a part while its trip was waiting (ignored: the first copy wins)")
                .register(meters);
        for (LateReason reason : LateReason.values()) {
            late.put(reason, Counter.builder("streamgate.trips.join.late")
                    .description("Trip parts set aside in " + Topics.LATE_TRIP_PARTS.name())
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(meters));
        }
        Gauge.builder("streamgate.trips.join.waiting", waiting,
                        tasks -> tasks.values().stream().mapToLong(AtomicLong::get).sum())
                .description("Trips waiting for a missing part, in the tasks this instance runs")
                .strongReference(true).register(meters);
    }

    /** Adds the join to {@code builder}: three sources, the join processor with its stores, two sinks. */
    public void build(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                Serdes.String(), serdes.state(TripJoinState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEADLINE_STORE),
                Serdes.String(), Serdes.String()));
        // Not cached: a cached store's changes are sent when the task commits, and each commit then waits for one more
        // produce round trip before the joined records become visible (+11 ms at p50 at 1,000 trips/s,
        // docs/benchmarks.md). Uncached, each change is sent while the record is processed, with the other stores'.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(WAITING_STORE),
                Serdes.String(), Serdes.Long()));

        KStream<String, SpecificRecord> requested = builder.stream(Topics.TRIP_REQUESTED.name(),
                        Consumed.with(Serdes.String(), serdes.of(TripRequested.class)).withName("trip-requested"))
                .mapValues(part -> (SpecificRecord) part, Named.as("trip-requested-part"));
        KStream<String, SpecificRecord> assigned = builder.stream(Topics.DRIVER_ASSIGNED.name(),
                        Consumed.with(Serdes.String(), serdes.of(DriverAssigned.class)).withName("driver-assigned"))
                .mapValues(part -> (SpecificRecord) part, Named.as("driver-assigned-part"));
        KStream<String, SpecificRecord> completed = builder.stream(Topics.TRIP_COMPLETED.name(),
                        Consumed.with(Serdes.String(), serdes.of(TripCompleted.class)).withName("trip-completed"))
                .mapValues(part -> (SpecificRecord) part, Named.as("trip-completed-part"));

        KStream<String, SpecificRecord> out = requested
                .merge(assigned, Named.as("trip-parts-12"))
                .merge(completed, Named.as("trip-parts"))
                .process(JoinProcessor::new, Named.as(JOIN), STATE_STORE, DEADLINE_STORE, WAITING_STORE);

        out.filter((tripId, value) -> value instanceof JoinedTrip, Named.as("joined-only"))
                .mapValues(value -> (JoinedTrip) value, Named.as("as-joined"))
                .to(Topics.JOINED_TRIPS.name(), Produced.with(Serdes.String(), serdes.of(JoinedTrip.class))
                        .withName("joined-trips"));
        out.filter((tripId, value) -> value instanceof LateTripPart, Named.as("late-only"))
                .mapValues(value -> (LateTripPart) value, Named.as("as-late"))
                .to(Topics.LATE_TRIP_PARTS.name(), Produced.with(Serdes.String(), serdes.of(LateTripPart.class))
                        .withName("late-trip-parts"));
    }

    static String deadlineKey(long deadlineMillis, String tripId) {
        return String.format(Locale.ROOT, "%013d:%s", deadlineMillis, tripId);
    }

    private final class JoinProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

        private ProcessorContext<String, SpecificRecord> context;
        private KeyValueStore<String, TripJoinState> trips;
        private KeyValueStore<String, String> deadlines;
        private KeyValueStore<String, Long> waitingCount;
        private AtomicLong waitingTrips;

        @Override
        public void init(ProcessorContext<String, SpecificRecord> context) {
            this.context = context;
            this.trips = context.getStateStore(STATE_STORE);
            this.deadlines = context.getStateStore(DEADLINE_STORE);
            this.waitingCount = context.getStateStore(WAITING_STORE);
            // Restored with the other stores, so it matches them (also after an aborted transaction: the task's state
            // is restored from the committed changelogs and the processor initialised again). Absent only for state
            // written before the count existed: then it is counted once.
            Long stored = waitingCount.get(WAITING_KEY);
            this.waitingTrips = new AtomicLong(stored != null ? stored : countWaiting());
            waiting.put(context.taskId(), waitingTrips);
            // Wall-clock, not stream time: stream time advances only when records arrive on this task's partitions,
            // so on a quiet partition a partial trip would wait forever.
            context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::expireAndPurge);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            SpecificRecord part = record.value();
            String tripId = tripIdOf(part);
            if (record.key() != null && !record.key().equals(tripId)) {
                // A part keyed by something else may sit in another partition than its trip: it can never be joined
                // correctly. Rejected before it had any effect, so it goes to the dead-letter topic and the task goes
                // on; any other exception fails the task, which is retried.
                throw new RecordRejectedException("record key '" + record.key() + "' is not its trip_id '" + tripId
                        + "'");
            }
            long now = context.currentSystemTimeMs();
            TripJoinState state = trips.get(tripId);
            if (state == null) {
                state = TripJoinState.newBuilder().setTripId(tripId).setStatus(TripJoinStatus.WAITING)
                        .setDeadline(Instant.ofEpochMilli(now + settings.partialTimeout().toMillis())).build();
                deadlines.put(deadlineKey(state.getDeadline().toEpochMilli(), tripId), tripId);
                changeWaiting(1);
            }
            switch (state.getStatus()) {
                case JOINED -> setAside(tripId, part, LateReason.ARRIVED_AFTER_JOIN, now);
                case EXPIRED -> setAside(tripId, part, LateReason.ARRIVED_AFTER_EXPIRY, now);
                case WAITING -> {
                    TripJoinState updated = withPart(state, part);
                    if (updated == null) {
                        duplicates.increment();
                        return;
                    }
                    if (updated.getRequested() != null && updated.getAssigned() != null
                            && updated.getCompleted() != null) {
                        JoinedTrip trip = JoinedTrip.newBuilder().setTripId(tripId)
                                .setRequested(updated.getRequested()).setAssigned(updated.getAssigned())
                                .setCompleted(updated.getCompleted()).setJoinedAt(Instant.ofEpochMilli(now)).build();
                        // The joined record keeps the third part's timestamp: the time it was ingested. Forwarded
                        // before the trip is marked JOINED: a forward that fails (the record cannot be serialized or
                        // sent) throws here, the task fails, and the trip is still WAITING when the part is retried.
                        context.forward(record.withValue(trip));
                        joined.increment();
                        close(updated, TripJoinStatus.JOINED, now);
                    } else {
                        trips.put(tripId, updated);
                    }
                }
            }
        }

        /** The state with the part in its slot, or null when the slot is already filled (a duplicate). */
        private TripJoinState withPart(TripJoinState state, SpecificRecord part) {
            TripJoinState.Builder next = TripJoinState.newBuilder(state);
            switch (part) {
                case TripRequested requested -> {
                    if (state.getRequested() != null) {
                        return null;
                    }
                    next.setRequested(requested);
                }
                case DriverAssigned assigned -> {
                    if (state.getAssigned() != null) {
                        return null;
                    }
                    next.setAssigned(assigned);
                }
                case TripCompleted completed -> {
                    if (state.getCompleted() != null) {
                        return null;
                    }
                    next.setCompleted(completed);
                }
                default -> throw new IllegalArgumentException("not a trip part: " + part.getSchema().getFullName());
            }
            return next.build();
        }

        /** Replaces the trip's entry by a marker without its parts, remembered until {@code closedRetention}. */
        private void close(TripJoinState state, TripJoinStatus status, long now) {
            String tripId = state.getTripId();
            changeWaiting(-1);
            deadlines.delete(deadlineKey(state.getDeadline().toEpochMilli(), tripId));
            long purgeAt = now + settings.closedRetention().toMillis();
            trips.put(tripId, TripJoinState.newBuilder().setTripId(tripId).setStatus(status)
                    .setDeadline(Instant.ofEpochMilli(purgeAt)).build());
            deadlines.put(deadlineKey(purgeAt, tripId), tripId);
        }

        private void changeWaiting(long delta) {
            waitingCount.put(WAITING_KEY, waitingTrips.addAndGet(delta));
        }

        private long countWaiting() {
            long count = 0;
            try (KeyValueIterator<String, TripJoinState> all = trips.all()) {
                while (all.hasNext()) {
                    if (all.next().value.getStatus() == TripJoinStatus.WAITING) {
                        count++;
                    }
                }
            }
            return count;
        }

        @Override
        public void close() {
            waiting.remove(context.taskId(), waitingTrips);
        }

        private void setAside(String tripId, SpecificRecord part, LateReason reason, long now) {
            LateTripPart aside = LateTripPart.newBuilder().setTripId(tripId).setReason(reason).setPart(part)
                    .setDetectedAt(Instant.ofEpochMilli(now)).build();
            context.forward(new Record<>(tripId, aside, now));
            late.get(reason).increment();
        }

        private void expireAndPurge(long now) {
            List<KeyValue<String, String>> due = new ArrayList<>();
            try (KeyValueIterator<String, String> it = deadlines.range(deadlineKey(0, ""),
                    String.format(Locale.ROOT, "%013d;", now))) {
                while (it.hasNext() && due.size() < MAX_DUE_PER_PUNCTUATION) {
                    due.add(it.next());
                }
            }
            // Each entry is deleted only once what it was due for is done: a failure on the way (a part that cannot
            // be set aside) leaves the entry due, and the next punctuation, after the task was retried, does it.
            for (KeyValue<String, String> entry : due) {
                String tripId = entry.value;
                TripJoinState state = trips.get(tripId);
                if (state == null || !entry.key.equals(deadlineKey(state.getDeadline().toEpochMilli(), tripId))) {
                    deadlines.delete(entry.key);
                } else if (state.getStatus() == TripJoinStatus.WAITING) {
                    for (SpecificRecord part : new SpecificRecord[]{state.getRequested(), state.getAssigned(),
                            state.getCompleted()}) {
                        if (part != null) {
                            setAside(tripId, part, LateReason.EXPIRED_WAITING, now);
                        }
                    }
                    close(state, TripJoinStatus.EXPIRED, now);
                } else {
                    trips.delete(tripId);
                    deadlines.delete(entry.key);
                }
            }
        }
    }

    private static String tripIdOf(SpecificRecord part) {
        return switch (part) {
            case TripRequested requested -> requested.getTripId();
            case DriverAssigned assigned -> assigned.getTripId();
            case TripCompleted completed -> completed.getTripId();
            default -> throw new IllegalArgumentException("not a trip part: " + part.getSchema().getFullName());
        };
    }
}
