package io.streamgate.orders;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many orders are in each status, in the whole table (every replica reports the same numbers), as two gauges:
 * {@code streamgate.orders.in.life.cycle{status}} for CREATED and CONFIRMED, the orders the life cycle still moves,
 * and {@code streamgate.orders.final{status}} for SHIPPED and CANCELLED. Counted only when something reads a gauge (a
 * Prometheus scrape, the dashboard), never on a schedule, so it costs nothing while nobody looks:
 * <ul>
 *   <li>in the life cycle: at most once per {@code inFlightEvery}, through the life cycle's own partial index
 *   ({@code next_transition_at IS NOT NULL}), so the cost follows the orders in flight, not the table;</li>
 *   <li>final: at most once per {@code finalEvery}, since counting them reads every final order (about 0.25 s of
 *   database CPU per million orders here). Two names, so that a chart of the few orders in flight is not flattened
 *   by the ever-growing number of shipped ones.</li>
 * </ul>
 * A count that fails (the database is down) leaves the last one in place, and is tried again only after the same
 * interval, so a dead database costs a reader one connection timeout per interval; before any count the gauges read
 * NaN.
 * Readers that arrive while a count runs wait for it; readers run on blocking threads (the scrape endpoint, the
 * dashboard's sampler), never on an event loop.
 */
final class OrderCensus {

    private static final Logger log = LoggerFactory.getLogger(OrderCensus.class);

    /** One count of some statuses (null: none succeeded yet), and when it was made or tried. */
    private record Count(Map<OrderStatus, Long> byStatus, long at) {
    }

    private final JdbcTemplate jdbc;
    private final long inFlightEveryNanos;
    private final long finalEveryNanos;
    private final ReentrantLock counting = new ReentrantLock();
    private volatile Count inFlight;
    private volatile Count finals;

    OrderCensus(DataSource dataSource, MeterRegistry meters, Duration inFlightEvery, Duration finalEvery) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(5);
        this.inFlightEveryNanos = inFlightEvery.toNanos();
        this.finalEveryNanos = finalEvery.toNanos();
        for (OrderStatus status : OrderStatus.values()) {
            Gauge.Builder<OrderCensus> gauge = status.isFinal()
                    ? Gauge.builder("streamgate.orders.final", this, census -> census.count(status))
                    .description("Orders in a final status, all replicas; counted when read, at most every "
                            + finalEvery.toSeconds() + " s")
                    : Gauge.builder("streamgate.orders.in.life.cycle", this, census -> census.count(status))
                    .description("Orders the life cycle still moves, by status, all replicas; counted when read, "
                            + "at most every " + inFlightEvery.toSeconds() + " s");
            gauge.tag("status", status.name()).register(meters);
        }
    }

    double count(OrderStatus status) {
        boolean isFinal = status.isFinal();
        Count count = isFinal ? finals : inFlight;
        if (stale(count, isFinal ? finalEveryNanos : inFlightEveryNanos) && counting.tryLock()) {
            try {
                if (isFinal) {
                    finals = fresh(finals, finalEveryNanos, "IS NULL");
                    count = finals;
                } else {
                    inFlight = fresh(inFlight, inFlightEveryNanos, "IS NOT NULL");
                    count = inFlight;
                }
            } finally {
                counting.unlock();
            }
        }
        return count == null || count.byStatus() == null ? Double.NaN : count.byStatus().getOrDefault(status, 0L);
    }

    private static boolean stale(Count count, long everyNanos) {
        return count == null || System.nanoTime() - count.at() >= everyNanos;
    }

    private Count fresh(Count last, long everyNanos, String due) {
        long now = System.nanoTime();
        if (last != null && now - last.at() < everyNanos) {
            return last;
        }
        try {
            Map<OrderStatus, Long> byStatus = new EnumMap<>(OrderStatus.class);
            jdbc.query("SELECT status, count(*) FROM orders WHERE next_transition_at " + due + " GROUP BY status",
                    row -> {
                        byStatus.put(OrderStatus.valueOf(row.getString(1)), row.getLong(2));
                    });
            return new Count(byStatus, now);
        } catch (RuntimeException e) {
            log.debug("Could not count the orders by status: {}", e.toString());
            return new Count(last == null ? null : last.byStatus(), now);
        }
    }
}
