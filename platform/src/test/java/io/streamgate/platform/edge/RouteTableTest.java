package io.streamgate.platform.edge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.problems.ProblemsConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the edge makes of every system's route declarations, with the handler methods of a real WebFlux context. */
class RouteTableTest {

    @RestController
    static class Things {

        @PostMapping("/things")
        void one(@RequestBody Map<String, Object> thing) {
        }

        @PostMapping("/things/batch")
        void many(@RequestBody List<Map<String, Object>> things) {
        }

        @PostMapping("/things/upload")
        void upload(@RequestBody Map<String, Object> thing) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ThingsSystem {

        @Bean
        Things things() {
            return new Things();
        }

        @Bean
        Routes thingRoutes() {
            return Routes.of(Routes.path("/things/upload").bodyLimit(DataSize.ofKilobytes(100))
                            .fromBrowsers(HttpMethod.POST).invalidInputAs400(),
                    Routes.path("/things").requestIdsAssignedByServer());
        }

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    private final ReactiveWebApplicationContextRunner context = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WebFluxAutoConfiguration.class,
                    ProblemsConfiguration.class, EdgeConfiguration.class))
            .withUserConfiguration(ThingsSystem.class);

    @Test
    void shouldGiveARouteWhoseBodyIsAJsonArrayTheBatchLimitWithoutADeclaration() {
        context.run(app -> {
            RouteTable routes = app.getBean(RouteTable.class);

            assertThat(routes.bodyLimit("/things/batch")).isEqualTo(DataSize.ofMegabytes(1).toBytes());
            assertThat(routes.bodyLimit("/things")).isEqualTo(DataSize.ofKilobytes(16).toBytes());
        });
    }

    @Test
    void shouldApplyEachDeclarationToItsPathOnly() {
        context.run(app -> {
            RouteTable routes = app.getBean(RouteTable.class);

            assertThat(routes.bodyLimit("/things/upload")).isEqualTo(DataSize.ofKilobytes(100).toBytes());
            assertThat(routes.browserRoutes()).containsOnlyKeys("/things/upload");
            assertThat(routes.browserRoutes().get("/things/upload")).containsExactly("POST");
            assertThat(routes.badRequestForInvalidInput()).containsExactly("/things/upload");
            assertThat(routes.serverAssignedRequestIds()).containsExactly("/things");
        });
    }

    @Test
    void shouldLetAnOperatorOverrideADeclaredOrDerivedLimit() {
        context.withPropertyValues("streamgate.http.body-limits.[/things/batch]=2MB",
                        "streamgate.http.body-limits.[/things/upload]=10KB")
                .run(app -> {
                    RouteTable routes = app.getBean(RouteTable.class);

                    assertThat(routes.bodyLimit("/things/batch")).isEqualTo(DataSize.ofMegabytes(2).toBytes());
                    assertThat(routes.bodyLimit("/things/upload")).isEqualTo(DataSize.ofKilobytes(10).toBytes());
                });
    }

    @Test
    void shouldRefuseAPatternWhereAnExactPathIsDeclared() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Routes.path("/orders/{id}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
