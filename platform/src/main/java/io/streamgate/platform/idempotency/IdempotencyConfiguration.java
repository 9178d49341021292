package io.streamgate.platform.idempotency;

import io.streamgate.platform.database.DatabaseConfiguration;
import io.streamgate.platform.database.GroupCommit;
import io.streamgate.platform.edge.HttpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Idempotency keys on the application's Postgres, with a sweeper that drops expired keys. */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class, DatabaseConfiguration.class})
@EnableConfigurationProperties(IdempotencySettings.class)
public class IdempotencyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    /** Present with or without a database: without one, a request carrying a key is a 503. */
    @Bean
    IdempotentPosts idempotentPosts(ObjectProvider<Idempotency> idempotency,
                                    ObjectProvider<TransactionTemplate> transactions,
                                    ObjectProvider<GroupCommit> groupCommit) {
        return new IdempotentPosts(idempotency.getIfAvailable(), transactions.getIfAvailable(),
                groupCommit.getIfAvailable(), Schedulers.boundedElastic());
    }

    @Bean
    @ConditionalOnBean(DataSource.class)
    Idempotency idempotency(DataSource dataSource, IdempotencySettings settings, JsonMapper jsonMapper,
                            HttpSettings http) {
        return new Idempotency(new IdempotencyKeys(JdbcClient.create(dataSource)), settings, jsonMapper,
                Schedulers.boundedElastic(), http.rateLimit().clientHeader());
    }

    @Bean(destroyMethod = "shutdownNow")
    @ConditionalOnBean(DataSource.class)
    ScheduledExecutorService idempotencyKeySweeper(Idempotency idempotency) {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("idempotency-sweeper").factory());
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                int deleted = idempotency.deleteExpired();
                if (deleted > 0) {
                    log.info("Dropped {} expired idempotency keys", deleted);
                }
            } catch (DataAccessException e) {
                log.warn("Could not drop expired idempotency keys, will try again: {}", e.getMessage());
            }
        }, 1, 10, TimeUnit.MINUTES);
        return sweeper;
    }
}
