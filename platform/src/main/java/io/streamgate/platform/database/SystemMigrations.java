package io.streamgate.platform.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.beans.factory.InitializingBean;

import javax.sql.DataSource;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Flyway migrations that one system owns: scripts under {@code classpath:db/migration/<system>} and a history
 * table of their own, {@code flyway_history_<system>}. Systems therefore never collide on version numbers, each can
 * be deployed (and migrated) without the others, and the platform's own tables keep Spring Boot's default Flyway
 * ({@code db/migration/platform}, table {@code flyway_schema_history}).
 *
 * <p>A system declares one bean: {@code @Bean SystemMigrations ordersMigrations(DataSource ds)
 * { return SystemMigrations.of("orders", ds); }}. It migrates when the context starts, before any bean that uses the
 * database (it is registered as a database initializer with Spring Boot), and {@link #migrate()} can also be called
 * on its own, as the migrate-and-exit command does.
 */
public final class SystemMigrations implements InitializingBean {

    private static final Pattern SYSTEM = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private final String system;
    private final Flyway flyway;

    private SystemMigrations(String system, Flyway flyway) {
        this.system = system;
        this.flyway = flyway;
    }

    public static SystemMigrations of(String system, DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        if (!SYSTEM.matcher(system).matches()) {
            throw new IllegalArgumentException("A system name is lower-case letters, digits and '_': " + system);
        }
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + system)
                .table("flyway_history_" + system)
                // A database that already holds other systems' tables is not "non-empty" for this system.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        return new SystemMigrations(system, flyway);
    }

    public String system() {
        return system;
    }

    /** Applies this system's pending migrations; a no-op when there are none. */
    public MigrateResult migrate() {
        return flyway.migrate();
    }

    @Override
    public void afterPropertiesSet() {
        migrate();
    }
}
