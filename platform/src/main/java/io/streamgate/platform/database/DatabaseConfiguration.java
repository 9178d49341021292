package io.streamgate.platform.database;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionTemplate;

/** Cross-cutting database pieces: group commit. */
@AutoConfiguration(after = {DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class})
@EnableConfigurationProperties(GroupCommitSettings.class)
public class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnBean(TransactionTemplate.class)
    @ConditionalOnBooleanProperty(name = "streamgate.database.group-commit.enabled", matchIfMissing = true)
    GroupCommit groupCommit(TransactionTemplate transactions, GroupCommitSettings settings) {
        return new GroupCommit(transactions, settings.maxConcurrentGroups(), settings.maxGroupSize());
    }
}
