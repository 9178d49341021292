package io.streamgate;

import io.streamgate.support.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar streamgate-app.jar migrate}: a fresh database gets every set of tables, and a second run is a no-op. */
class MigrateCommandTest extends EndToEndTest {

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcConnectionDetails database;

    @Test
    void shouldMigrateAFreshDatabaseAndExitWithoutTheRestOfTheApplication() {
        String name = "migrate_" + UUID.randomUUID().toString().replace("-", "");
        JdbcClient.create(dataSource).sql("CREATE DATABASE " + name).update();
        String url = database.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");

        io.streamgate.platform.database.MigrateCommand.run(Map.of("DATABASE_URL", url,
                "DATABASE_USERNAME", database.getUsername(), "DATABASE_PASSWORD", database.getPassword()));

        JdbcClient fresh = JdbcClient.create(new DriverManagerDataSource(url, database.getUsername(),
                database.getPassword()));
        assertThat(fresh.sql("""
                        SELECT table_name FROM information_schema.tables
                         WHERE table_schema = 'public' ORDER BY table_name""").query(String.class).list())
                .contains("orders", "outbox_events", "idempotency_keys", "flyway_schema_history",
                        "flyway_history_orders")
                // V2 of orders moved the line items into the order row.
                .doesNotContain("order_items");
        assertThat(io.streamgate.platform.database.MigrateCommand.migrateAll(new DriverManagerDataSource(url,
                database.getUsername(), database.getPassword())))
                .allMatch(line -> line.endsWith(": 0"));
    }
}
