package io.streamgate.platform.database;

import io.streamgate.platform.web.HttpSettings;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Cross-cutting database pieces: how its failures reach clients. */
@AutoConfiguration
public class DatabaseConfiguration {

    @Bean
    DatabaseProblemTranslator databaseProblemTranslator(HttpSettings http) {
        return new DatabaseProblemTranslator(http.retryAfter());
    }
}
