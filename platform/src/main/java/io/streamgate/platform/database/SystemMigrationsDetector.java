package io.streamgate.platform.database;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;

import java.util.Set;

/**
 * Tells Spring Boot that {@link SystemMigrations} beans initialize the database, so that beans depending on database
 * initialization (JDBC templates, repositories) are created only after every system's migrations ran.
 *
 * <p>Ordered after Boot's Flyway detectors (orders 0 and 1): initializers of a later detector run after those of an
 * earlier one, so the platform's own migration always runs first. The other way round, a fresh database would hold a
 * system's tables before Boot's Flyway ran, and Boot's Flyway refuses a non-empty schema without a history table.
 */
final class SystemMigrationsDetector extends AbstractBeansOfTypeDatabaseInitializerDetector
        implements DatabaseInitializerDetector {

    @Override
    public int getOrder() {
        return 2;
    }

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(SystemMigrations.class);
    }
}
