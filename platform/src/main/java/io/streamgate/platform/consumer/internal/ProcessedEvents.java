package io.streamgate.platform.consumer.internal;

import io.streamgate.platform.consumer.ConsumedEvent;
import io.streamgate.platform.database.ExpiredRows;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code processed_events} table: which event ids a consumer group has applied. */
final class ProcessedEvents {

    private static final String CLAIM = """
            INSERT INTO processed_events (consumer_group, event_id, topic, partition_no, record_offset)
            SELECT ?, e.id, e.topic, e.partition_no, e.record_offset
              FROM unnest(?::text[], ?::text[], ?::int[], ?::bigint[]) AS e(id, topic, partition_no, record_offset)
            ON CONFLICT (consumer_group, event_id) DO NOTHING
            RETURNING event_id""";

    /** Rows per sweep batch: about 1 MB of rows and index entries, a transaction of tens of milliseconds. */
    static final int SWEEP_BATCH = 10_000;

    private final JdbcTemplate jdbc;
    private final ExpiredRows expired;

    ProcessedEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.expired = new ExpiredRows(jdbc, "processed_events", "processed_at", SWEEP_BATCH);
    }

    /**
     * Records the events' ids as applied by {@code group}, in one statement, and returns the events not applied before
     * (the first of each id, in order). Must run in the transaction that applies them.
     */
    <V> List<ConsumedEvent<V>> claim(String group, List<ConsumedEvent<V>> events) {
        int n = events.size();
        String[] ids = new String[n];
        String[] topics = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        for (int i = 0; i < n; i++) {
            ConsumedEvent<V> event = events.get(i);
            ids[i] = event.eventId();
            topics[i] = event.topic();
            partitions[i] = event.partition();
            offsets[i] = event.offset();
        }
        Set<String> fresh = new HashSet<>(jdbc.query((Connection connection) -> {
            PreparedStatement statement = connection.prepareStatement(CLAIM);
            statement.setString(1, group);
            statement.setArray(2, array(connection, "text", ids));
            statement.setArray(3, array(connection, "text", topics));
            statement.setArray(4, array(connection, "int4", partitions));
            statement.setArray(5, array(connection, "int8", offsets));
            return statement;
        }, (row, i) -> row.getString(1)));
        List<ConsumedEvent<V>> result = new ArrayList<>(fresh.size());
        for (ConsumedEvent<V> event : events) {
            // remove: an id twice in one batch is applied once
            if (fresh.remove(event.eventId())) {
                result.add(event);
            }
        }
        return result;
    }

    /** Drops the ids applied longer than {@code retention} ago: in batches, by one replica at a time. */
    int deleteOlderThan(Duration retention) {
        return expired.deleteOlderThan(retention);
    }

    private static Array array(Connection connection, String type, Object[] values) throws java.sql.SQLException {
        return connection.createArrayOf(type, values);
    }
}
