package io.streamgate.platform.database;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Deletes the rows of one table whose time column is older than a retention: in batches, and by one replica at a time.
 * What {@link PeriodicSweep} runs for tables that grow with traffic (applied event ids, idempotency keys).
 * <ul>
 *   <li><b>Batches.</b> Each batch deletes at most {@code batchSize} of the oldest expired rows in a transaction of its
 *   own, so no run holds locks on more rows than that, or keeps a transaction open for longer than a batch, however
 *   much expired meanwhile. A row another transaction holds locked is skipped ({@code SKIP LOCKED}) and left to the
 *   next run, rather than waited for. Each batch starts where the previous one ended (at its newest time), so a run
 *   does not scan again past the index entries of the rows it has already deleted.</li>
 *   <li><b>One replica.</b> A run holds the session advisory lock named {@link #lockName()}
 *   ({@code pg_try_advisory_lock(hashtextextended(name, 0))}); a replica that finds it taken skips its run and deletes
 *   nothing. Every replica runs the sweep, so when the one sweeping dies the next that tries takes over: Postgres
 *   releases the lock with the dead session.</li>
 * </ul>
 * A run's work is the rows that expired since the previous run (rate × interval), not the table's size: the cost does
 * not grow with uptime. A run stops between batches when its thread is interrupted (the application closing). Never
 * call it inside a transaction: it commits batch by batch on a connection of its own.
 */
public final class ExpiredRows {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    private final JdbcTemplate jdbc;
    private final String table;
    private final int batchSize;
    private final String lockName;
    private final String deleteBatch;

    /**
     * @param table      the table (an SQL identifier the platform names, never input)
     * @param timeColumn its {@code TIMESTAMPTZ} column that says when a row was written, with an index
     * @param batchSize  rows per batch (and per transaction)
     */
    public ExpiredRows(JdbcTemplate jdbc, String table, String timeColumn, int batchSize) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.table = identifier(table);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        this.batchSize = batchSize;
        this.lockName = "streamgate.sweep." + table;
        String time = identifier(timeColumn);
        this.deleteBatch = """
                WITH doomed AS (
                    SELECT ctid FROM %1$s WHERE %2$s >= ?::timestamptz AND %2$s < ?::timestamptz
                     ORDER BY %2$s LIMIT ? FOR UPDATE SKIP LOCKED),
                gone AS (
                    DELETE FROM %1$s WHERE ctid = ANY (ARRAY(SELECT ctid FROM doomed)) RETURNING %2$s)
                SELECT count(*), max(%2$s)::text FROM gone""".formatted(this.table, time);
    }

    /** The name of the advisory lock a run holds: {@code pg_try_advisory_lock(hashtextextended(lockName, 0))}. */
    public String lockName() {
        return lockName;
    }

    /**
     * Deletes the rows older than {@code retention}, batch by batch, unless another replica's run holds the lock.
     *
     * @return the rows deleted (0 when another replica is sweeping)
     */
    public int deleteOlderThan(Duration retention) {
        Integer deleted = jdbc.execute((ConnectionCallback<Integer>) connection -> {
            boolean autoCommit = connection.getAutoCommit();
            // Every batch commits on its own, whatever the pool's default.
            connection.setAutoCommit(true);
            try {
                if (!advisory(connection, "pg_try_advisory_lock")) {
                    return 0;
                }
                try {
                    return deleteBatches(connection, retention);
                } finally {
                    advisory(connection, "pg_advisory_unlock");
                }
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        });
        return deleted == null ? 0 : deleted;
    }

    private int deleteBatches(Connection connection, Duration retention) throws SQLException {
        // Times travel as Postgres' own text (microseconds and offset): exact, whatever the JVM's time zone.
        String cutoff = cutoff(connection, retention);
        String from = "-infinity";
        int total = 0;
        try (PreparedStatement batch = connection.prepareStatement(deleteBatch)) {
            while (!Thread.currentThread().isInterrupted()) {
                batch.setString(1, from);
                batch.setString(2, cutoff);
                batch.setInt(3, batchSize);
                try (ResultSet result = batch.executeQuery()) {
                    result.next();
                    int deleted = result.getInt(1);
                    total += deleted;
                    if (deleted < batchSize) {
                        return total;
                    }
                    from = result.getString(2);
                }
            }
        }
        return total;
    }

    private static String cutoff(Connection connection, Duration retention) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT (now() - make_interval(secs => ?))::text")) {
            statement.setDouble(1, retention.toMillis() / 1000.0);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    private boolean advisory(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + function + "(hashtextextended(?, 0))")) {
            statement.setString(1, lockName);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
        return name;
    }

    @Override
    public String toString() {
        return "ExpiredRows[" + table + ", batches of " + batchSize + "]";
    }
}
