/**
 * Cross-cutting database support: the mapping of database failures to 503 problems, and {@link
 * io.streamgate.platform.database.SystemMigrations}, the Flyway migrations each system owns
 * ({@code db/migration/<system>}, own history table). The platform's own tables migrate from
 * {@code db/migration/platform} with Spring Boot's default Flyway.
 */
package io.streamgate.platform.database;
