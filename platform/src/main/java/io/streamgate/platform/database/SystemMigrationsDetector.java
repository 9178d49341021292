package io.streamgate.platform.database;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;

import java.util.Set;

/**
 * Tells Spring Boot that {@link SystemMigrations} beans initialize the database, so that beans depending on database
 * initialization (JDBC templates, repositories) are created only after every system's migrations ran.
 */
final class SystemMigrationsDetector extends AbstractBeansOfTypeDatabaseInitializerDetector
        implements DatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(SystemMigrations.class);
    }
}
