package io.streamgate.platform.outbox.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * Which shards this instance's relay owns, through lease rows in {@code outbox_shards}.
 *
 * <p>Every {@code lease/3} the relay heartbeats, renews its leases and rebalances: with {@code n} live relays (fresh
 * heartbeats) each aims at {@code ceil(shards/n)} shards, releases extras and claims expired or released shards with
 * {@code FOR UPDATE SKIP LOCKED}. A relay that dies or is paused stops renewing, and its shards go to the others once
 * the lease has expired (database clock). An extra shard with sends in flight is not released at once: it stops
 * being published ({@link #owned()} leaves it out) and is released by a later maintenance, once nothing of it is in
 * flight, so its next owner never publishes while this one still does.
 *
 * <p>Every claim increments the shard's <em>epoch</em>. The relay remembers the epoch under which it read each row;
 * it sends a row only while that epoch is still its own, and its writes (deleting what was acknowledged, holding and
 * parking rows) name the epoch, so the database refuses the writes of a relay that lost the shard in the meantime.
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
    /** The shards this relay may publish: owned and not being released. */
    private volatile Integer[] owned = new Integer[0];
    /** Per shard, the epoch of this relay's lease, 0 when it holds none (being released counts as held). */
    private volatile long[] epochs;
    private volatile long validUntil = System.nanoTime();
    private long nextMaintenance = System.nanoTime();

    ShardLeases(JdbcTemplate jdbc, String instance, OutboxSettings settings) {
        this.jdbc = jdbc;
        this.instance = instance;
        this.shards = settings.shards();
        this.leaseMillis = settings.leaseDuration().toMillis();
        this.maintainEveryNanos = settings.leaseDuration().toNanos() / 3;
        this.validForNanos = settings.leaseDuration().toNanos() * 2 / 3;
        this.epochs = new long[shards];
    }

    void createShards() {
        jdbc.update("INSERT INTO outbox_shards (shard) SELECT generate_series(0, ? - 1) ON CONFLICT DO NOTHING",
                shards);
    }

    String instance() {
        return instance;
    }

    /** The shards this relay may read and publish, as of the last maintenance. */
    Integer[] owned() {
        return owned;
    }

    /** The epoch of this relay's lease on {@code shard}; 0 when it holds none. */
    long epoch(int shard) {
        return epochs[shard];
    }

    /** Per shard, the epoch of this relay's lease (0: none), for the fenced statements ({@code epochs[shard + 1]}). */
    Long[] epochsForSql() {
        long[] current = epochs;
        Long[] boxed = new Long[current.length];
        for (int i = 0; i < current.length; i++) {
            boxed[i] = current[i];
        }
        return boxed;
    }

    /** Whether this instance may publish events of its shards now. */
    boolean valid() {
        return owned.length > 0 && System.nanoTime() - validUntil < 0;
    }

    /** Whether this instance may publish a row of {@code shard} read under {@code epoch} now. */
    boolean valid(int shard, long epoch) {
        return epoch != 0 && epochs[shard] == epoch && valid() && Arrays.asList(owned).contains(shard);
    }

    /** Nanoseconds until the leases must be renewed. */
    long nanosToMaintenance() {
        return nextMaintenance - System.nanoTime();
    }

    /**
     * Heartbeats, renews, releases extra shards that have nothing in flight and claims missing ones.
     *
     * @param busy  whether a shard has sends in flight (an extra busy shard is kept, unpublished, until it is idle)
     * @param claim  false while stopping: renew only
     */
    void maintain(IntPredicate busy, boolean claim) {
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
        int target = claim ? (shards + live - 1) / live : 0;
        long[] renewed = new long[shards];
        TreeSet<Integer> mine = new TreeSet<>();
        jdbc.query("""
                UPDATE outbox_shards SET lease_until = now() + ? * interval '1 millisecond'
                WHERE owner = ? AND shard < ? RETURNING shard, epoch""", rs -> {
            renewed[rs.getInt(1)] = rs.getLong(2);
            mine.add(rs.getInt(1));
        }, leaseMillis, instance, shards);
        TreeSet<Integer> releasing = new TreeSet<>();
        if (mine.size() > target) {
            List<Integer> extra = new ArrayList<>(mine.descendingSet()).subList(0, mine.size() - target);
            List<Integer> idle = extra.stream().filter(s -> !busy.test(s)).toList();
            extra.stream().filter(busy::test).forEach(releasing::add);
            if (!idle.isEmpty()) {
                jdbc.update(con -> {
                    var ps = con.prepareStatement("UPDATE outbox_shards SET owner = NULL, lease_until = '-infinity' "
                            + "WHERE owner = ? AND shard = ANY(?)");
                    ps.setString(1, instance);
                    ps.setArray(2, con.createArrayOf("integer", idle.toArray()));
                    return ps;
                });
                idle.forEach(s -> {
                    mine.remove(s);
                    renewed[s] = 0;
                });
            }
        } else if (mine.size() < target) {
            jdbc.query("""
                    UPDATE outbox_shards SET owner = ?, epoch = epoch + 1,
                                             lease_until = now() + ? * interval '1 millisecond'
                    WHERE shard IN (SELECT shard FROM outbox_shards WHERE shard < ? AND lease_until < now()
                                    ORDER BY shard LIMIT ? FOR UPDATE SKIP LOCKED)
                    RETURNING shard, epoch""", rs -> {
                renewed[rs.getInt(1)] = rs.getLong(2);
                mine.add(rs.getInt(1));
            }, instance, leaseMillis, shards, target - mine.size());
        }
        Integer[] before = owned;
        mine.removeAll(releasing);
        epochs = renewed;
        owned = mine.toArray(Integer[]::new);
        validUntil = started + validForNanos;
        if (before.length != owned.length) {
            log.info("Outbox relay {} owns {} of {} shards ({} relays live{})", instance, owned.length, shards, live,
                    releasing.isEmpty() ? "" : ", releasing " + releasing + " once their sends are answered");
        }
    }

    /** Gives up every shard at once (clean shutdown), so the other relays need not wait for the lease to expire. */
    void releaseAll() {
        owned = new Integer[0];
        epochs = new long[shards];
        jdbc.update("UPDATE outbox_shards SET owner = NULL, lease_until = '-infinity' WHERE owner = ?", instance);
        jdbc.update("DELETE FROM outbox_relays WHERE instance = ?", instance);
    }

    /** Forgets the leases without telling the database (after an error): publish nothing until renewed. */
    void invalidate() {
        validUntil = System.nanoTime();
        nextMaintenance = System.nanoTime();
    }
}
