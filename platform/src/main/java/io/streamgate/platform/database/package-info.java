/** Cross-cutting database support: the mapping of database failures to 503 problems. Migrations live in {@code db/migration}. */
package io.streamgate.platform.database;
