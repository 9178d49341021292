/**
 * Database support: {@link io.streamgate.platform.database.SystemMigrations}, the Flyway migrations each system owns
 * ({@code db/migration/<system>}, own history table; the platform's own tables migrate from {@code
 * db/migration/platform} with Spring Boot's default Flyway), the {@code migrate} command of the jar ({@link
 * io.streamgate.platform.database.MigrateCommand}), and {@link io.streamgate.platform.database.GroupCommit}, which lets
 * concurrent short transactions share one commit.
 */
package io.streamgate.platform.database;
