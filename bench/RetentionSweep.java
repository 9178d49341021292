import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.streamgate.platform.database.ExpiredRows;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The retention sweeps of processed_events and idempotency_keys under a steady write rate (bench/run-retention.sh, which
 * builds the classpath and reads the settings from the environment). On a Postgres of its own (zonky's binaries, fsync
 * and synchronous_commit on, as the dev stack runs it) with the platform's migrations:
 * <ol>
 *   <li>writes RATE rows/s into each table (a statement of RATE/10 rows every 100 ms, as a consumer's poll or a group
 *   commit would), applied-event ids and completed idempotency keys with a payment's 201 answer as their body;</li>
 *   <li>runs the platform's sweep ({@link ExpiredRows}, as ProcessedEvents and IdempotencyKeys build it) every
 *   SWEEP_SECONDS on REPLICAS threads per table, as that many replicas would, with RETENTION_MINUTES;</li>
 *   <li>prints every sweep run ({@code sweep <table> <replica> <ms> <rows>}) and once a minute each table's rows and
 *   size ({@code size <minute> <table> <rows> <total bytes> <dead tuples>});</li>
 *   <li>after MINUTES, with the writers stopped, compares one hour's expired rows deleted the old way (one DELETE, as
 *   every replica ran it hourly) with the sweep (batches), on the same rows ({@code old ...}, {@code new ...}).</li>
 * </ol>
 */
public class RetentionSweep {

    record Table(String name, String time, int batch, String insert) {
    }

    static final String EVENTS_INSERT = """
            INSERT INTO processed_events (consumer_group, event_id, topic, partition_no, record_offset, processed_at)
            SELECT 'streamgate.orderdetails', gen_random_uuid()::text, 'order-events', g %% 6, g, %s
              FROM generate_series(1, ?) AS g""";
    static final String KEYS_INSERT = """
            INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, state, response_status, response_headers,
                                          response_body, claimed_at, completed_at, claim_token)
            SELECT 'POST /payments|' || md5((g %% 50)::text), gen_random_uuid()::text,
                   decode(md5(random()::text) || md5(random()::text), 'hex'), 'COMPLETED', 201,
                   'Content-Type: application/json' || chr(10) || 'Location: /payments/' || gen_random_uuid(),
                   convert_to(json_build_object('payment_id', gen_random_uuid(), 'status', 'delivered',
                       'amount', 99.99, 'currency', 'USD', 'customer_id', 'customer-' || g, 'partition', g %% 6,
                       'offset', g, 'request_id', gen_random_uuid())::text, 'UTF8'),
                   %1$s, %1$s, gen_random_uuid()
              FROM generate_series(1, ?) AS g""";

    static final List<Table> TABLES = List.of(
            new Table("processed_events", "processed_at", 10_000, EVENTS_INSERT),
            new Table("idempotency_keys", "claimed_at", 2_000, KEYS_INSERT));

    public static void main(String[] args) throws Exception {
        int rate = Integer.parseInt(env("RATE", "1000"));
        int minutes = Integer.parseInt(env("MINUTES", "60"));
        Duration retention = Duration.ofMinutes(Long.parseLong(env("RETENTION_MINUTES", "10")));
        Duration interval = Duration.ofSeconds(Long.parseLong(env("SWEEP_SECONDS", "60")));
        int replicas = Integer.parseInt(env("REPLICAS", "2"));
        boolean compare = !env("COMPARE", "1").equals("0");
        String url = env("PG_URL", "");

        EmbeddedPostgres postgres = null;
        if (url.isEmpty()) {
            Path data = Files.createTempDirectory("retention-bench");
            postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true)
                    .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on").start();
            url = postgres.getJdbcUrl("postgres", "postgres");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(env("PG_USER", "postgres"));
        config.setPassword(env("PG_PASSWORD", "postgres"));
        config.setMaximumPoolSize(4 + 2 * replicas);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/platform")
                    .table("flyway_history_platform").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            System.out.printf(Locale.ROOT, "settings rate %d/s minutes %d retention %d min sweep every %d s replicas %d%n",
                    rate, minutes, retention.toMinutes(), interval.toSeconds(), replicas);
            steady(jdbc, rate, minutes, retention, interval, replicas);
            if (compare) {
                compare(jdbc, rate, retention);
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    static void steady(JdbcTemplate jdbc, int rate, int minutes, Duration retention, Duration interval, int replicas)
            throws InterruptedException {
        ScheduledExecutorService threads = Executors.newScheduledThreadPool(4 + 2 * replicas);
        AtomicLong failed = new AtomicLong();
        Map<String, AtomicLong> written = new java.util.LinkedHashMap<>();
        for (Table table : TABLES) {
            String insert = table.insert().formatted("now()");
            int perTick = rate / 10;
            AtomicLong count = written.computeIfAbsent(table.name(), name -> new AtomicLong());
            threads.scheduleAtFixedRate(() -> {
                try {
                    count.addAndGet(jdbc.update(insert, perTick));
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    System.out.println("write failed: " + e.getMessage());
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            ExpiredRows expired = new ExpiredRows(jdbc, table.name(), table.time(), table.batch());
            for (int replica = 1; replica <= replicas; replica++) {
                int r = replica;
                threads.scheduleWithFixedDelay(() -> {
                    long start = System.nanoTime();
                    int rows = expired.deleteOlderThan(retention);
                    System.out.printf(Locale.ROOT, "sweep %s %d %.1f %d%n", table.name(), r,
                            (System.nanoTime() - start) / 1e6, rows);
                }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        long startedAt = System.nanoTime();
        for (int minute = 1; minute <= minutes; minute++) {
            long due = startedAt + TimeUnit.MINUTES.toNanos(minute);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
            for (Table table : TABLES) {
                Map<String, Object> size = jdbc.queryForMap("""
                        SELECT (SELECT count(*) FROM %1$s) AS rows, pg_total_relation_size('%1$s') AS bytes,
                               (SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = '%1$s') AS dead
                        """.formatted(table.name()));
                System.out.printf(Locale.ROOT, "size %d %s %d %d %d%n", minute, table.name(), size.get("rows"),
                        size.get("bytes"), size.get("dead"));
            }
        }
        threads.shutdownNow();
        threads.awaitTermination(60, TimeUnit.SECONDS);
        written.forEach((table, count) -> System.out.printf(Locale.ROOT, "written %s %d (%.0f/s)%n", table,
                count.get(), count.get() * 1e9 / (System.nanoTime() - startedAt)));
        System.out.println("failed writes " + failed.get());
    }

    /**
     * One hour of expired rows (RATE × 3,600, written backdated beyond the retention), deleted twice on the same table:
     * the old way (one DELETE, one transaction) and by the sweep (batches), each on a fresh copy of the rows.
     */
    static void compare(JdbcTemplate jdbc, int rate, Duration retention) {
        for (Table table : TABLES) {
            int rows = rate * 3600;
            String backdated = "now() - make_interval(secs => %d) - g * interval '1 millisecond' * %f"
                    .formatted(retention.toSeconds() + 60, 3_600_000.0 / rows);
            for (String way : List.of("old", "new")) {
                jdbc.update("TRUNCATE " + table.name());
                for (int done = 0; done < rows; done += 100_000) {
                    jdbc.update(table.insert().formatted(backdated.replace("g *", "(g + " + done + ") *")),
                            Math.min(100_000, rows - done));
                }
                jdbc.execute("VACUUM ANALYZE " + table.name());
                long start = System.nanoTime();
                int deleted;
                if (way.equals("old")) {
                    deleted = jdbc.update("DELETE FROM " + table.name() + " WHERE " + table.time()
                            + " < now() - make_interval(secs => ?)", (double) retention.toSeconds());
                } else {
                    deleted = new ExpiredRows(jdbc, table.name(), table.time(), table.batch())
                            .deleteOlderThan(retention);
                }
                System.out.printf(Locale.ROOT, "%s %s %.1f %d%n", way, table.name(),
                        (System.nanoTime() - start) / 1e6, deleted);
            }
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
