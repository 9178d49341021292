package io.streamgate.platform.idempotency;

import io.streamgate.platform.database.DatabaseConfiguration;
import io.streamgate.platform.database.GroupCommit;
import io.streamgate.platform.database.PeriodicSweep;
import io.streamgate.platform.edge.HttpSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;

/** Idempotency keys on the application's Postgres, with a sweeper that drops expired keys. */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class, DatabaseConfiguration.class})
@EnableConfigurationProperties(IdempotencySettings.class)
public class IdempotencyConfiguration {

    /** Present with or without a database: without one, a request carrying a key is a 503. */
    @Bean
    IdempotentPosts idempotentPosts(ObjectProvider<Idempotency> idempotency,
                                    ObjectProvider<TransactionTemplate> transactions,
                                    ObjectProvider<GroupCommit> groupCommit) {
        return new IdempotentPosts(idempotency.getIfAvailable(), transactions.getIfAvailable(),
                groupCommit.getIfAvailable());
    }

    @Bean
    @ConditionalOnBean(DataSource.class)
    Idempotency idempotency(DataSource dataSource, IdempotencySettings settings, JsonMapper jsonMapper,
                            HttpSettings http) {
        return new Idempotency(new IdempotencyKeys(dataSource), settings, jsonMapper,
                http.rateLimit().clientHeader());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnBean(DataSource.class)
    PeriodicSweep idempotencyKeySweeper(Idempotency idempotency, IdempotencySettings settings) {
        return PeriodicSweep.start("idempotency-sweeper", settings.sweepInterval(), "expired idempotency keys",
                idempotency::deleteExpired);
    }
}
