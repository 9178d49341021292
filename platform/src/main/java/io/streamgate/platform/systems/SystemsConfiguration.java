package io.streamgate.platform.systems;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.util.Set;
import java.util.TreeSet;

/**
 * Says at start-up which systems run, and refuses a {@code streamgate.systems} that names no system (a typo would
 * otherwise start a process that serves nothing).
 */
@AutoConfiguration
public class SystemsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SystemsConfiguration.class);

    @Bean
    static SmartInitializingSingleton systemsReport(ObjectProvider<SystemComponentsFilter> filter,
                                                    Environment environment) {
        return () -> {
            SystemComponentsFilter scanned = filter.getIfAvailable();
            if (scanned == null) {
                return;
            }
            SystemSwitch systems = new SystemSwitch(environment);
            Set<String> known = new TreeSet<>(scanned.seen());
            Set<String> unknown = new TreeSet<>(systems.listed());
            unknown.removeAll(known);
            if (!unknown.isEmpty()) {
                throw new IllegalStateException(SystemSwitch.SYSTEMS + " names " + unknown
                        + ", which is no system of this application; its systems are " + known);
            }
            Set<String> on = new TreeSet<>(known.stream().filter(systems::isOn).toList());
            Set<String> off = new TreeSet<>(known);
            off.removeAll(on);
            log.info("Systems on: {}{}", on, off.isEmpty() ? "" : "; off: " + off);
        };
    }
}
