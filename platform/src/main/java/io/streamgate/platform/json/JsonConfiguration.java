package io.streamgate.platform.json;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;

/** Strict JSON for every body the API reads, and functional JSON routes ({@link JsonEndpoints}). */
@AutoConfiguration
public class JsonConfiguration {

    static final int FUNCTIONAL_ROUTES_ORDER = -200;

    @Bean
    StrictJson strictJson() {
        return new StrictJson();
    }

    /**
     * Functional routes ({@link JsonEndpoints}) are looked up before the actuator's endpoint mapping (order -100),
     * which would otherwise match every request against its endpoints first: a measurable share of a short request
     * (docs/benchmarks.md). No functional route shares a path with an actuator endpoint.
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static BeanPostProcessor functionalRoutesFirst() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof RouterFunctionMapping mapping) {
                    mapping.setOrder(FUNCTIONAL_ROUTES_ORDER);
                }
                return bean;
            }
        };
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    JsonEndpoints jsonEndpoints(ServerCodecConfigurer codecs) {
        return new JsonEndpoints(codecs);
    }
}
