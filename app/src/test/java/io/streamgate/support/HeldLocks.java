package io.streamgate.support;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Locks held by "another transaction" or "another replica" on the real Postgres, on a connection of their own, until
 * closed: to show what a sweep does meanwhile.
 */
public final class HeldLocks {

    private HeldLocks() {
    }

    /** A held lock; closing it ends the transaction or releases the session lock. */
    public interface Held extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    /**
     * Locks the rows {@code select} finds ({@code SELECT … FOR UPDATE}) in an open transaction, as a request updating
     * them would: until closed (rolled back).
     */
    public static Held rows(DataSource dataSource, String select, Object... args) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(select + " FOR UPDATE")) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeQuery().close();
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return () -> {
            try (connection) {
                connection.rollback();
            }
        };
    }

    /** Holds the session advisory lock {@code hashtextextended(name, 0)}, as another replica's run would. */
    public static Held advisory(DataSource dataSource, String name) throws SQLException {
        Connection connection = dataSource.getConnection();
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
            statement.setString(1, name);
            statement.executeQuery().close();
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return () -> {
            try (connection; PreparedStatement unlock = connection.prepareStatement(
                    "SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                unlock.setString(1, name);
                unlock.executeQuery().close();
            }
        };
    }
}
