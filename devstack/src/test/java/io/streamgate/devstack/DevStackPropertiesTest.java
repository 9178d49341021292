package io.streamgate.devstack;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker's and registry's extra JVM options: none by default, bound from the documented settings. */
class DevStackPropertiesTest {

    @Test
    void noExtraJvmOptionsByDefault() {
        DevStackProperties defaults = DevStackProperties.defaults();

        assertThat(defaults.kafka().heap()).isEqualTo("256m");
        assertThat(ChildProcess.options(defaults.kafka().jvmOptions())).isEmpty();
        assertThat(ChildProcess.options(defaults.registry().jvmOptions())).isEmpty();
    }

    @Test
    void jvmOptionsBindFromTheSettingsAndSplitOnWhitespace() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "streamgate.devstack.kafka.jvm-options", "-XX:TieredStopAtLevel=1  -Xss512k",
                "streamgate.devstack.registry.jvm-options", "-XX:TieredStopAtLevel=1")));

        DevStackProperties properties = binder.bindOrCreate("streamgate.devstack", DevStackProperties.class);

        assertThat(ChildProcess.options(properties.kafka().jvmOptions()))
                .containsExactly("-XX:TieredStopAtLevel=1", "-Xss512k");
        assertThat(ChildProcess.options(properties.registry().jvmOptions())).containsExactly("-XX:TieredStopAtLevel=1");
        assertThat(properties.withFreePortsIn(java.nio.file.Path.of("x")).kafka().jvmOptions())
                .isEqualTo("-XX:TieredStopAtLevel=1  -Xss512k");
    }
}
