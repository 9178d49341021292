package io.streamgate;

import io.streamgate.support.ApplicationEnvironment;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Every settings record of the application binds from {@code application.yml} alone, as the README's run command
 * starts it (no environment variables; the tests' own configuration sets values that hide this): an unset variable
 * binds as empty and must fall back to the record's default. A primitive {@code int} with a default cannot take the
 * empty value (the dev run once failed to start on {@code ORDER_DETAILS_PORT}); its type must be boxed.
 */
class ConfigurationDefaultsTest {

    @Test
    void shouldBindEverySettingsRecordFromTheApplicationsOwnConfigurationWithNoEnvironment() throws Exception {
        Binder binder = ApplicationEnvironment.binder(Map.of());
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<String> types = scanner.findCandidateComponents("io.streamgate").stream()
                .map(definition -> definition.getBeanClassName()).toList();
        assertThat(types).as("settings records found").hasSizeGreaterThan(10);

        for (String name : types) {
            Class<?> type = ClassUtils.forName(name, getClass().getClassLoader());
            ConfigurationProperties properties = type.getAnnotation(ConfigurationProperties.class);
            String prefix = properties.prefix().isEmpty() ? properties.value() : properties.prefix();
            assertThatCode(() -> binder.bindOrCreate(prefix, type)).as("%s (%s)", type.getName(), prefix)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void shouldServeOrderDetailsOnSeed003sPortByDefault() {
        Binder binder = ApplicationEnvironment.binder(Map.of());

        assertThat(binder.bind("streamgate.orderdetails.port", Integer.class).orElse(null)).as("as bound from an "
                + "empty ORDER_DETAILS_PORT: empty, so the record's default of 8001 applies").isNull();
        assertThat(binder.bindOrCreate("streamgate.orderdetails",
                io.streamgate.orderdetails.OrderDetailsSettings.class).port()).isEqualTo(8001);
    }
}
