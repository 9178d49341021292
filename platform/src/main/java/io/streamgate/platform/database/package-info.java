/**
 * Database support: {@link io.streamgate.platform.database.SystemMigrations}, the Flyway migrations each system owns
 * ({@code db/migration/<system>}, own history table; the platform's own tables migrate from {@code
 * db/migration/platform} with Spring Boot's default Flyway), the {@code migrate} command of the jar ({@link
 * io.streamgate.platform.database.MigrateCommand}), {@link io.streamgate.platform.database.Blocking} (blocking work,
 * JDBC above all, off the event loop), {@link io.streamgate.platform.database.GroupCommit}, which lets concurrent short
 * transactions share one commit, {@link io.streamgate.platform.database.PeriodicSweep}, the housekeeping loop that
 * drops expired rows, and {@link io.streamgate.platform.database.ExpiredRows}, the run that drops them from a table that
 * grows with traffic: in batches, by one replica at a time.
 */
package io.streamgate.platform.database;
