package io.streamgate.platform.outbox.internal;

import io.streamgate.platform.outbox.Outbox;
import io.streamgate.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.util.Objects;
import java.util.UUID;

/**
 * The {@link Outbox} on Postgres: one insert in the caller's transaction (through {@link JdbcTemplate}, which joins
 * the Spring-managed transaction of the same DataSource).
 *
 * <p>The insert first takes a transaction-scoped advisory lock on the key, so two transactions appending for one key
 * are serialized: the second gets its id only after the first committed or rolled back, and per key the id order is
 * the commit order (the relay publishes in id order). Appends of different keys do not wait for each other.
 *
 * <p>This build's event schemas must be in {@link OutboxSchemas} before a row it wrote commits, so that any relay can
 * decode the row. They are stored at start-up, right after the migrations, in a transaction of their own
 * ({@link #storeSchemas()}). Only if that failed does an append store them, in its own transaction, until one
 * commits: concurrent first appends then wait for each other's schema insert, once.
 */
final class JdbcOutbox implements Outbox {

    private static final Logger log = LoggerFactory.getLogger(JdbcOutbox.class);

    /** First half of the advisory lock key, so the outbox's locks never meet another feature's. */
    private static final int LOCK_SPACE = 0x0B0C_5E47;

    private static final String INSERT = """
            WITH key_lock AS (SELECT pg_advisory_xact_lock(?, ?))
            INSERT INTO outbox_events (shard, topic, event_key, event_id, payload, request_id)
            SELECT ?, ?, ?, ?, ?, ? FROM key_lock""";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final OutboxCodec codec;
    private final OutboxSettings settings;
    private final Runnable onCommit;
    private final OutboxSchemas schemas;
    private volatile boolean schemasStored;

    JdbcOutbox(DataSource dataSource, OutboxCodec codec, OutboxSchemas schemas, OutboxSettings settings,
               Runnable onCommit) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.codec = codec;
        this.schemas = schemas;
        this.settings = settings;
        this.onCommit = onCommit;
    }

    /** Stores this build's event schemas now, each in its own short transaction; false if the database failed. */
    boolean storeSchemas() {
        try {
            schemas.register(codec.schemas());
            schemasStored = true;
            return true;
        } catch (DataAccessException e) {
            log.warn("Could not store the outbox event schemas at start-up; the first append will: {}", e.toString());
            return false;
        }
    }

    @Override
    public <V extends SpecificRecord> void append(Topic<String, V> topic, String key, UUID eventId, V event,
                                                  String requestId) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(event, "event");
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("Outbox.append needs an active Spring-managed transaction "
                    + "(@Transactional or a TransactionTemplate), so the event commits or rolls back with the change");
        }
        if (!TransactionSynchronizationManager.hasResource(dataSource)) {
            // Without a connection bound to this DataSource, the insert would run on a connection of its own and
            // commit whatever happens to the change (e.g. a transaction of another transaction manager).
            throw new IllegalStateException("Outbox.append needs the transaction to be on the application's "
                    + "DataSource (a JDBC transaction manager), so the event commits or rolls back with the change");
        }
        byte[] payload = codec.encode(topic, event);
        boolean storeSchemas = !schemasStored;
        if (storeSchemas) {
            schemas.register(codec.schemas());
        }
        jdbc.update(INSERT, LOCK_SPACE, key.hashCode(), settings.shardOf(key), topic.name(), key, eventId, payload,
                requestId);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                if (storeSchemas) {
                    schemasStored = true;
                }
                onCommit.run();
            }
        });
    }
}
