package io.streamgate.platform.database;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Migrates a database and exits, without a web server, Kafka or the registry: the equivalent of seed 002's
 * {@code alembic upgrade head}, for a deployment step (a Kubernetes Job or init container) that must finish before
 * the new version starts. It applies the platform's migrations ({@code db/migration/platform}, history table
 * {@code flyway_schema_history}, as the application does) and then every system's set found on the classpath
 * ({@code db/migration/<system>}, history table {@code flyway_history_<system>}), exactly as {@link SystemMigrations}
 * does at start-up, so either way the database ends up the same.
 *
 * <p>The database comes from {@code DATABASE_URL}, {@code DATABASE_USERNAME} and {@code DATABASE_PASSWORD}, the same
 * variables the application reads.
 */
public final class MigrateCommand {

    private static final Logger log = LoggerFactory.getLogger(MigrateCommand.class);
    private static final Pattern SYSTEM_SCRIPT = Pattern.compile(".*/db/migration/([a-z][a-z0-9_]*)/[^/]+\\.sql$");
    static final String PLATFORM = "platform";

    private MigrateCommand() {
    }

    /** Entry point: {@code java -jar streamgate-app.jar migrate}. Exits 0 when every migration applied. */
    public static void run(Map<String, String> environment) {
        String url = environment.get("DATABASE_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("migrate needs DATABASE_URL (and DATABASE_USERNAME, DATABASE_PASSWORD)");
        }
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, environment.getOrDefault(
                "DATABASE_USERNAME", ""), environment.getOrDefault("DATABASE_PASSWORD", ""));
        List<String> applied = migrateAll(dataSource);
        log.info("Database at {} is up to date: {}", url, applied);
    }

    /**
     * Applies the platform's and then every system's pending migrations.
     *
     * @return per set, a line saying how many migrations it applied
     */
    public static List<String> migrateAll(DataSource dataSource) {
        List<String> report = new ArrayList<>();
        int platform = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + PLATFORM)
                // As application.yml configures Boot's Flyway: systems may have migrated first.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate().migrationsExecuted;
        report.add(PLATFORM + ": " + platform);
        for (String system : systems()) {
            report.add(system + ": " + SystemMigrations.of(system, dataSource).migrate().migrationsExecuted);
        }
        return report;
    }

    /** The systems whose migration scripts are on the classpath. */
    static TreeSet<String> systems() {
        TreeSet<String> systems = new TreeSet<>();
        try {
            for (Resource script : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:db/migration/*/*.sql")) {
                Matcher matcher = SYSTEM_SCRIPT.matcher(script.getURL().toString());
                if (matcher.matches() && !matcher.group(1).equals(PLATFORM)) {
                    systems.add(matcher.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the migration scripts on the classpath", e);
        }
        return systems;
    }
}
