package io.streamgate.platform.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformHealthAutoConfigurationTest {

    @Test
    void shouldRunBootsDatabaseIndicatorAsASharedCheck() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PlatformHealthAutoConfiguration.class))
                .withBean(PlatformHealthAutoConfiguration.DATABASE_CONTRIBUTOR, HealthIndicator.class,
                        () -> () -> Health.up().withDetail("database", "PostgreSQL").build())
                .withBean("otherHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
                .run(context -> {
                    Object database = context.getBean(PlatformHealthAutoConfiguration.DATABASE_CONTRIBUTOR);
                    assertThat(database).isInstanceOf(SharedHealthIndicator.class);
                    Health health = ((HealthIndicator) database).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("database", "PostgreSQL");
                    assertThat(context.getBean("otherHealthIndicator")).isNotInstanceOf(SharedHealthIndicator.class);
                });
    }
}
