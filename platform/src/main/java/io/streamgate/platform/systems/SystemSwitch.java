package io.streamgate.platform.systems;

import org.springframework.core.env.Environment;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which systems are on: those {@code streamgate.systems} lists (all when it is empty or unset), less those whose
 * {@code streamgate.<name>.enabled} is {@code false}.
 */
final class SystemSwitch {

    static final String SYSTEMS = "streamgate.systems";

    private final Environment environment;
    private final Set<String> listed;

    SystemSwitch(Environment environment) {
        this.environment = environment;
        this.listed = Arrays.stream(environment.getProperty(SYSTEMS, "").split(","))
                .map(String::trim).filter(name -> !name.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    boolean isOn(String system) {
        return (listed.isEmpty() || listed.contains(system))
                && environment.getProperty("streamgate." + system + ".enabled", Boolean.class, true);
    }

    /** The names {@code streamgate.systems} lists. */
    Set<String> listed() {
        return listed;
    }
}
