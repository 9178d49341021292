package io.streamgate.platform.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.edge.Routes;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.web.reactive.function.server.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code streamgate.dashboard.enabled}: on unless set to false; off, there is no route, no stream, and no declaration
 * that opens {@code /dashboard} when authentication is on (the app's {@code AuthenticationTest} checks the answers
 * when it is on).
 */
class DashboardConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DashboardConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void shouldServeTheDashboardUnlessSwitchedOff() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(DashboardStream.class);
            assertThat(context).hasBean("dashboardRoutes");
            assertThat(context.getBean(Routes.class).routes()).singleElement().satisfies(route -> {
                assertThat(route.path()).isEqualTo("/dashboard/**");
                assertThat(route.isOpen()).isTrue();
            });
        });
        runner.withPropertyValues("streamgate.dashboard.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(DashboardStream.class);
            assertThat(context.getBeansOfType(RouterFunction.class)).isEmpty();
            assertThat(context.getBeansOfType(Routes.class)).isEmpty();
        });
    }
}
