package io.streamgate.platform.problems;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessException;

/** The one mapping from failures to problems, with the translators of the platform's own failures. */
@AutoConfiguration
@EnableConfigurationProperties(ProblemSettings.class)
public class ProblemsConfiguration {

    @Bean
    Problems problems(ObjectProvider<ProblemTranslator> translators) {
        return new Problems(translators.orderedStream().toList());
    }

    @Bean
    PublishProblemTranslator publishProblemTranslator(ProblemSettings settings) {
        return new PublishProblemTranslator(settings.retryAfter());
    }

    @Bean
    @ConditionalOnClass(DataAccessException.class)
    DatabaseProblemTranslator databaseProblemTranslator(ProblemSettings settings) {
        return new DatabaseProblemTranslator(settings.retryAfter());
    }
}
