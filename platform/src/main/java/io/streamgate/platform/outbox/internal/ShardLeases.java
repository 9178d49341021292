package io.streamgate.platform.outbox.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which shards this instance's relay owns, through lease rows in {@code outbox_shards}.
 *
 * <p>Every {@code lease/3} the relay heartbeats, renews its leases and rebalances: with {@code n} live relays (fresh
 * heartbeats) each aims at {@code ceil(shards/n)} shards, releases extras and claims expired or released shards with
 * {@code FOR UPDATE SKIP LOCKED}. A relay that dies or is paused stops renewing, and its shards go to the others once
 * the lease has expired (database clock).
 *
 * <p>The relay publishes only while its lease is valid by its own monotonic clock, counted from <em>before</em> the
 * renewing statement was sent, minus a third of the lease as margin: so it stops before the database could let
 * another instance take the shard, and two instances never publish a shard's events at the same time. A paused
 * process that resumes finds its lease expired and re-reads before it publishes again.
 */
final class ShardLeases {

    private static final Logger log = LoggerFactory.getLogger(ShardLeases.class);

    private final JdbcTemplate jdbc;
    private final String instance;
    private final int shards;
    private final long leaseMillis;
    private final long maintainEveryNanos;
    private final long validForNanos;
    private volatile Integer[] owned = new Integer[0];
    private volatile long validUntil = System.nanoTime();
    private long nextMaintenance = System.nanoTime();

    ShardLeases(JdbcTemplate jdbc, String instance, OutboxSettings settings) {
        this.jdbc = jdbc;
        this.instance = instance;
        this.shards = settings.shards();
        this.leaseMillis = settings.leaseDuration().toMillis();
        this.maintainEveryNanos = settings.leaseDuration().toNanos() / 3;
        this.validForNanos = settings.leaseDuration().toNanos() * 2 / 3;
    }

    void createShards() {
        jdbc.update("INSERT INTO outbox_shards (shard) SELECT generate_series(0, ? - 1) ON CONFLICT DO NOTHING",
                shards);
    }

    /** The shards owned as of the last maintenance. */
    Integer[] owned() {
        return owned;
    }

    /** Whether this instance may publish events of its shards now. */
    boolean valid() {
        return owned.length > 0 && System.nanoTime() - validUntil < 0;
    }

    /** Nanoseconds until the leases must be renewed. */
    long nanosToMaintenance() {
        return nextMaintenance - System.nanoTime();
    }

    void maintainIfDue() {
        if (nanosToMaintenance() <= 0) {
            maintain();
        }
    }

    void maintain() {
        long started = System.nanoTime();
        nextMaintenance = started + maintainEveryNanos;
        jdbc.update("""
                INSERT INTO outbox_relays (instance, heartbeat_at) VALUES (?, now())
                ON CONFLICT (instance) DO UPDATE SET heartbeat_at = now()""", instance);
        jdbc.update("DELETE FROM outbox_relays WHERE heartbeat_at < now() - interval '1 hour'");
        Integer counted = jdbc.queryForObject(
                "SELECT count(*) FROM outbox_relays WHERE heartbeat_at > now() - ? * interval '1 millisecond'",
                Integer.class, leaseMillis);
        int live = Math.max(1, counted == null ? 1 : counted);
        int target = (shards + live - 1) / live;
        TreeSet<Integer> mine = new TreeSet<>(jdbc.queryForList("""
                UPDATE outbox_shards SET lease_until = now() + ? * interval '1 millisecond'
                WHERE owner = ? AND shard < ? RETURNING shard""", Integer.class, leaseMillis, instance, shards));
        if (mine.size() > target) {
            List<Integer> extra = new ArrayList<>(mine.descendingSet()).subList(0, mine.size() - target);
            jdbc.update(con -> {
                var ps = con.prepareStatement("UPDATE outbox_shards SET owner = NULL, lease_until = '-infinity' "
                        + "WHERE owner = ? AND shard = ANY(?)");
                ps.setString(1, instance);
                ps.setArray(2, con.createArrayOf("integer", extra.toArray()));
                return ps;
            });
            extra.forEach(mine::remove);
        } else if (mine.size() < target) {
            mine.addAll(jdbc.queryForList("""
                    UPDATE outbox_shards SET owner = ?, lease_until = now() + ? * interval '1 millisecond'
                    WHERE shard IN (SELECT shard FROM outbox_shards WHERE shard < ? AND lease_until < now()
                                    ORDER BY shard LIMIT ? FOR UPDATE SKIP LOCKED)
                    RETURNING shard""", Integer.class, instance, leaseMillis, shards, target - mine.size()));
        }
        Integer[] before = owned;
        owned = mine.toArray(Integer[]::new);
        validUntil = started + validForNanos;
        if (before.length != owned.length) {
            log.info("Outbox relay {} owns {} of {} shards ({} relays live)", instance, owned.length, shards, live);
        }
    }

    /** Gives up every shard at once (clean shutdown), so the other relays need not wait for the lease to expire. */
    void releaseAll() {
        owned = new Integer[0];
        jdbc.update("UPDATE outbox_shards SET owner = NULL, lease_until = '-infinity' WHERE owner = ?", instance);
        jdbc.update("DELETE FROM outbox_relays WHERE instance = ?", instance);
    }

    /** Forgets the leases without telling the database (after an error): publish nothing until renewed. */
    void invalidate() {
        validUntil = System.nanoTime();
        nextMaintenance = System.nanoTime();
    }
}
