package io.streamgate.platform.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamgate.platform.edge.Routes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /dashboard/}: the page, its script and chart library, and {@code /dashboard/stream}. Present unless
 * {@code streamgate.dashboard.enabled=false} (the {@code prod} profile's default), on every listener the application
 * serves, and then open, also with authentication on.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "streamgate.dashboard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DashboardSettings.class)
public class DashboardConfiguration {

    @Bean
    DashboardStream dashboardStream(MeterRegistry meters, ObjectProvider<HealthContributorRegistry> health,
                                    ConfigurableListableBeanFactory beans, DashboardSettings settings) {
        // Who owns which route is read once, at the first sample (every route exists by then), not at start-up.
        Supplier<RouteOwners> routes = new Supplier<>() {
            private volatile RouteOwners owners;

            @Override
            public RouteOwners get() {
                RouteOwners known = owners;
                if (known == null) {
                    known = RouteOwners.of(beans);
                    owners = known;
                }
                return known;
            }
        };
        Supplier<Map<String, String>> dependencies = () -> DependencyHealth.of(health.getIfAvailable());
        return new DashboardStream(
                () -> new DashboardSampler(meters, routes, dependencies, Clock.systemUTC())::next,
                settings.interval(), () -> Schedulers.newSingle("streamgate-dashboard", true));
    }

    /**
     * Open when authentication is on ({@code streamgate.security.enabled}): a browser sends no bearer token or API key
     * with a page load or an {@code EventSource}, so a protected dashboard could not be opened at all, and it shows
     * what the open {@code /actuator/prometheus} shows. Being on is the operator's choice to show it; off, this
     * declaration is gone with the routes, and {@code /dashboard} needs a caller like any other path.
     */
    @Bean
    Routes dashboardAccess() {
        return Routes.of(Routes.pattern("/dashboard/**").open());
    }

    /** After the systems' functional routes, so that theirs are tried first. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    RouterFunction<ServerResponse> dashboardRoutes(DashboardStream stream) {
        return DashboardRoutes.of(stream);
    }
}
