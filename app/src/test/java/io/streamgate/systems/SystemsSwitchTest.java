package io.streamgate.systems;

import io.streamgate.support.ApplicationSystems;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.SecondApplication;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A system is switched as a whole by one setting, {@code streamgate.systems}: every class of a system that is off
 * stays out of the context, whatever it is (configuration, controller, settings, nested configuration), with no
 * condition of its own; the system that is on serves its routes. A name that is no system is refused at start-up.
 */
class SystemsSwitchTest extends EndToEndTest {

    @Test
    void shouldRunOnlyTheSystemsThatStreamgateSystemsNames() {
        try (ConfigurableApplicationContext app = SecondApplication.start("--streamgate.systems=orders",
                "--streamgate.orders.life-cycle.enabled=false")) {
            List<String> others = ApplicationSystems.names().stream().filter(name -> !name.equals("orders")).toList();
            List<String> beansOfOtherSystems = Arrays.stream(app.getBeanDefinitionNames())
                    .map(name -> app.getBeanFactory().getType(name))
                    .filter(Objects::nonNull)
                    .map(type -> type.getPackageName())
                    .filter(pkg -> others.stream().anyMatch(other -> pkg.equals("io.streamgate." + other)
                            || pkg.startsWith("io.streamgate." + other + ".")))
                    .toList();
            assertThat(beansOfOtherSystems).isEmpty();
            assertThat(Arrays.stream(app.getBeanDefinitionNames()).map(name -> app.getBeanFactory().getType(name))
                    .filter(Objects::nonNull).map(Class::getPackageName)).contains("io.streamgate.orders");

            var client = SecondApplication.clientOf(app);
            client.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"amount\": 1.00, \"currency\": \"USD\", \"customer_id\": \"C1\"}")
                    .exchange().expectStatus().isNotFound();
            client.get().uri("/supported-languages").exchange().expectStatus().isNotFound();
            client.get().uri("/orders?limit=1").exchange().expectStatus().isOk();
        }
    }

    @Test
    void shouldRefuseToStartWhenStreamgateSystemsNamesNoSystem() {
        assertThatThrownBy(() -> SecondApplication.start("--streamgate.systems=orders,oders").close())
                .hasStackTraceContaining("streamgate.systems names [oders], which is no system of this application");
    }
}
