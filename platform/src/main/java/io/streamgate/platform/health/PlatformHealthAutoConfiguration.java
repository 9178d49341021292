package io.streamgate.platform.health;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Duration;

/**
 * {@code GET /health}, and Boot's {@code db} indicator run as a shared check, so that a client that gives up on
 * {@code /health} or {@code /actuator/health} never interrupts it; {@code /readyz} made of what the running systems'
 * routes need ({@link ReadyWhen}). The platform's other indicators are contributed by
 * their own packages ({@code kafka}, {@code schemaRegistry}, {@code outbox}, {@code consumers}, {@code streams}); the
 * blocking ones wrap themselves in a {@link SharedHealthIndicator}.
 */
@AutoConfiguration
@ConditionalOnClass(HealthIndicator.class)
@EnableConfigurationProperties(HealthSettings.class)
@Import(ServiceHealthController.class)
public class PlatformHealthAutoConfiguration {

    /** The bean name of Boot's database indicator ({@code DataSourceHealthContributorAutoConfiguration}). */
    static final String DATABASE_CONTRIBUTOR = "dbHealthContributor";

    /**
     * Boot's {@code db} indicator validates a pooled connection ({@code isValid(0)}: no timeout of its own) on the
     * caller's thread, which the actuator's endpoint interrupts when its client goes away. Run it as a shared check
     * instead: never interrupted, one run for all the callers that arrive meanwhile, and a bounded wait. Not cached
     * ({@code ttl} zero): every caller that arrives after a run gets a fresh one.
     */
    @Bean
    static BeanPostProcessor sharedDatabaseHealthCheck(ObjectProvider<HealthSettings> settings) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (DATABASE_CONTRIBUTOR.equals(beanName) && bean instanceof HealthIndicator indicator
                        && !(bean instanceof SharedHealthIndicator)) {
                    return new SharedHealthIndicator("db", indicator, Duration.ZERO, settings.getObject().checkWait());
                }
                return bean;
            }
        };
    }

    /** {@code /readyz} follows what the running systems' routes need ({@link ReadyWhen}), not every dependency. */
    @Bean
    static HealthEndpointGroupsPostProcessor readinessByRoutes(ObjectProvider<ReadyWhen> declarations) {
        return new ReadinessByRoutes(declarations);
    }
}
