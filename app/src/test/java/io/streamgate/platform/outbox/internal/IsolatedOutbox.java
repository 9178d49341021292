package io.streamgate.platform.outbox.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.support.OutboxLedger;
import org.flywaydb.core.Flyway;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The platform's outbox on a database of its own, created on the shared Postgres and migrated with the platform's
 * migrations: relays built here are the only ones that see its rows (every application context of the test JVM runs
 * a relay on the shared database). Relays publish through the publisher a test gives them, normally the application's
 * real one, wrapped to fail, delay or watch.
 */
final class IsolatedOutbox implements AutoCloseable {

    private final JdbcConnectionDetails shared;
    private final String database;
    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final OutboxCodec codec;
    private final JdbcOutbox outbox;
    private final List<Relay> relays = new ArrayList<>();

    IsolatedOutbox(JdbcConnectionDetails shared) {
        this.shared = shared;
        this.database = "outbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (HikariDataSource admin = dataSource(shared.getJdbcUrl(), shared)) {
            new JdbcTemplate(admin).execute("CREATE DATABASE " + database);
        }
        String url = shared.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        this.dataSource = dataSource(url, shared);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/platform").load().migrate();
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        OutboxSchemas schemas = new OutboxSchemas(jdbc);
        this.codec = new OutboxCodec(Topics.all(), schemas);
        this.outbox = new JdbcOutbox(dataSource, codec, schemas, settings("writer", Duration.ofSeconds(10)), () -> { });
        outbox.storeSchemas();
    }

    private static HikariDataSource dataSource(String url, JdbcConnectionDetails shared) {
        HikariDataSource source = new HikariDataSource();
        source.setJdbcUrl(url);
        source.setUsername(shared.getUsername());
        source.setPassword(shared.getPassword());
        source.setMaximumPoolSize(6);
        return source;
    }

    static OutboxSettings settings(String instance, Duration lease) {
        return new OutboxSettings(true, 16, 500, Duration.ofMillis(50), lease, Duration.ofSeconds(2),
                Duration.ofSeconds(30), 10_000, Duration.ofSeconds(60), instance);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Appends one {@code order-events} event of {@code key} at {@code version} and commits; returns its event id. */
    UUID append(String key, long version) {
        return transactions.execute(status -> appendInTransaction(key, version));
    }

    /** Appends in the caller's transaction ({@link #inTransaction}). */
    UUID appendInTransaction(String key, long version) {
        UUID id = UUID.randomUUID();
        OrderEvent event = OutboxLedger.event(key, version, id);
        outbox.append(Topics.ORDER_EVENTS, key, id, event, "req-" + id);
        return id;
    }

    void inTransaction(Runnable work) {
        transactions.executeWithoutResult(status -> work.run());
    }

    /** A row no build can decode (not single-object encoding), as a corrupt or foreign write would leave. */
    long appendGarbage(String key) {
        return transactions.execute(status -> jdbc.queryForObject("""
                INSERT INTO outbox_events (shard, topic, event_key, event_id, payload, request_id)
                VALUES (?, ?, ?, ?, ?, NULL) RETURNING id""", Long.class, Math.floorMod(key.hashCode(), 16),
                Topics.ORDER_EVENTS.name(), key, UUID.randomUUID(), new byte[] {1, 2, 3, 4}));
    }

    /** A relay on this outbox, started. */
    Relay relay(String instance, EventPublisher publisher, Duration lease) {
        Relay relay = new Relay(instance, publisher, lease);
        relays.add(relay);
        relay.start();
        return relay;
    }

    /** One relay with its own view of the database, which a test can cut off. */
    final class Relay {

        final AtomicBoolean cut = new AtomicBoolean();
        final ShardLeases leases;
        final OutboxMetrics metrics;
        final OutboxRelay relay;
        final OutboxHealthIndicator health;
        private volatile boolean stopped;

        private Relay(String instance, EventPublisher publisher, Duration lease) {
            DataSource view = new DelegatingDataSource(dataSource) {
                @Override
                public Connection getConnection() throws SQLException {
                    if (cut.get()) {
                        throw new SQLTransientConnectionException("cut off by the test");
                    }
                    return super.getConnection();
                }
            };
            JdbcTemplate own = new JdbcTemplate(view);
            OutboxSettings settings = settings(instance, lease);
            this.leases = new ShardLeases(own, instance, settings);
            this.metrics = new OutboxMetrics(new SimpleMeterRegistry(), own, () -> leases.owned().length);
            this.relay = new OutboxRelay(own, publisher, codec, leases, metrics, settings);
            this.health = new OutboxHealthIndicator(metrics, leases, settings);
        }

        private void start() {
            relay.start();
        }

        int ownedShards() {
            return leases.owned().length;
        }

        void stop() {
            if (!stopped) {
                stopped = true;
                relay.stop();
            }
        }
    }

    @Override
    public void close() {
        relays.forEach(relay -> {
            relay.cut.set(false);
            relay.stop();
        });
        dataSource.close();
        try (HikariDataSource admin = dataSource(shared.getJdbcUrl(), shared)) {
            new JdbcTemplate(admin).execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}
