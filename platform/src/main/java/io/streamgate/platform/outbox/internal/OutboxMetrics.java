package io.streamgate.platform.outbox.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamgate.platform.kafka.PublishException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The outbox's meters:
 * <ul>
 *   <li>{@code streamgate.outbox.waiting} (gauge): rows not yet published, all shards (held and parked ones
 *       included);</li>
 *   <li>{@code streamgate.outbox.oldest.age} (gauge, seconds): age of the oldest unpublished row, 0 when empty;</li>
 *   <li>{@code streamgate.outbox.held} (gauge): rows in {@code outbox_held}, of keys waiting for a retry or
 *       parked;</li>
 *   <li>{@code streamgate.outbox.parked} (gauge): parked rows, which only an operator can release or drop;</li>
 *   <li>{@code streamgate.outbox.lag} (timer, histogram): append to deletion after the broker's ack, per event
 *       published by this instance, on the database's clock;</li>
 *   <li>{@code streamgate.outbox.published} and {@code streamgate.outbox.publish.failures} (counters, the latter by
 *       kind);</li>
 *   <li>{@code streamgate.outbox.shards.owned} (gauge): shards this instance's relay owns.</li>
 * </ul>
 * The table-wide gauges are sampled once a second by one query, not per scrape.
 */
final class OutboxMetrics {

    /** The failure kind of a row that cannot be decoded or names a topic outside the catalogue. */
    static final String INVALID_EVENT = "INVALID_EVENT";

    private static final Logger log = LoggerFactory.getLogger(OutboxMetrics.class);

    /** One sample of the outbox tables. */
    record Backlog(long waiting, Duration oldestAge, long held, long parked, Throwable error) {
    }

    private final MeterRegistry registry;
    private final JdbcTemplate jdbc;
    private final Timer lag;
    private final Counter published;
    private final ConcurrentHashMap<String, Counter> failures = new ConcurrentHashMap<>();
    private volatile Backlog backlog = new Backlog(0, Duration.ZERO, 0, 0, null);

    OutboxMetrics(MeterRegistry registry, JdbcTemplate jdbc, Supplier<Integer> ownedShards) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.lag = Timer.builder("streamgate.outbox.lag")
                .description("Time from an event's append to its deletion after the broker acknowledged it")
                .publishPercentileHistogram()
                .register(registry);
        this.published = Counter.builder("streamgate.outbox.published")
                .description("Outbox events published and acknowledged by this instance")
                .register(registry);
        Gauge.builder("streamgate.outbox.waiting", this, m -> m.backlog.waiting())
                .description("Outbox rows not yet published (all instances)").register(registry);
        Gauge.builder("streamgate.outbox.oldest.age", this, m -> m.backlog.oldestAge().toNanos() / 1e9)
                .description("Age of the oldest unpublished outbox row").baseUnit("seconds").register(registry);
        Gauge.builder("streamgate.outbox.held", this, m -> m.backlog.held())
                .description("Outbox rows held back: their key's first event waits for a retry or is parked")
                .register(registry);
        Gauge.builder("streamgate.outbox.parked", this, m -> m.backlog.parked())
                .description("Outbox events that can never be published as they are: an operator retries or drops "
                        + "them (docs/outbox.md)")
                .register(registry);
        // A strong reference: the supplier is held by nothing else, and Micrometer keeps gauge state weakly.
        Gauge.builder("streamgate.outbox.shards.owned", ownedShards, s -> s.get()).strongReference(true)
                .description("Outbox shards this instance's relay owns").register(registry);
        for (PublishException.Kind kind : PublishException.Kind.values()) {
            counter(kind.name());
        }
        counter(INVALID_EVENT);
    }

    void published(double lagMillis) {
        published.increment();
        lag.record((long) (lagMillis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    void failure(String kind) {
        counter(kind).increment();
    }

    private Counter counter(String kind) {
        return failures.computeIfAbsent(kind, k -> Counter.builder("streamgate.outbox.publish.failures")
                .description("Outbox events whose publish failed (the key waits for a retry or is parked)")
                .tag("kind", k).register(registry));
    }

    long failureCount() {
        return (long) failures.values().stream().mapToDouble(Counter::count).sum();
    }

    Backlog backlog() {
        return backlog;
    }

    /** Samples the table; called once a second. */
    Backlog sample() {
        try {
            backlog = jdbc.queryForObject("""
                    SELECT e.n + h.n,
                           COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - LEAST(e.oldest, h.oldest)) * 1000, 0),
                           h.n, h.parked
                    FROM (SELECT count(*) AS n, min(created_at) AS oldest FROM outbox_events) e,
                         (SELECT count(*) AS n, min(created_at) AS oldest,
                                 count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked FROM outbox_held) h""",
                    (rs, i) -> new Backlog(rs.getLong(1), Duration.ofMillis(Math.max(0, rs.getLong(2))),
                            rs.getLong(3), rs.getLong(4), null));
        } catch (RuntimeException e) {
            log.debug("Could not sample the outbox backlog: {}", e.toString());
            Backlog last = backlog;
            backlog = new Backlog(last.waiting(), last.oldestAge(), last.held(), last.parked(), e);
        }
        return backlog;
    }
}
