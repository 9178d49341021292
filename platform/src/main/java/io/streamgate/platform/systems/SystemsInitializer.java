package io.streamgate.platform.systems;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Registers the {@link SystemComponentsFilter} before the application's classes are scanned, which is earlier than
 * any auto-configuration runs (registered in {@code META-INF/spring.factories}).
 */
class SystemsInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String FILTER = "streamgateSystemComponentsFilter";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!context.getBeanFactory().containsSingleton(FILTER)) {
            context.getBeanFactory().registerSingleton(FILTER,
                    new SystemComponentsFilter(new SystemSwitch(context.getEnvironment())));
        }
    }
}
