package io.streamgate.dashboard;

import io.streamgate.support.ApplicationEnvironment;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's switch as the application's own configuration sets it: on in development, off in the {@code prod}
 * profile, and on there with {@code DASHBOARD_ENABLED=true}. ({@code ProductionProfileTest} checks that a prod-profile
 * application answers 404 on {@code /dashboard/}; the platform's {@code DashboardConfigurationTest} that the switch
 * removes the routes.)
 */
class DashboardSwitchTest {

    private static boolean enabled(Map<String, String> environment) {
        Binder binder = ApplicationEnvironment.binder(environment);
        return binder.bind("streamgate.dashboard.enabled", Boolean.class).orElse(true);
    }

    @Test
    void shouldBeOnInDevelopmentOffInProductionAndOnThereWhenSwitchedOn() {
        assertThat(enabled(Map.of())).isTrue();
        assertThat(enabled(Map.of("SPRING_PROFILES_ACTIVE", "prod"))).isFalse();
        assertThat(enabled(Map.of("SPRING_PROFILES_ACTIVE", "prod", "DASHBOARD_ENABLED", "true"))).isTrue();
        assertThat(enabled(Map.of("DASHBOARD_ENABLED", "false"))).isFalse();
    }
}
