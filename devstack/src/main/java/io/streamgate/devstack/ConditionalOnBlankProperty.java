package io.streamgate.devstack;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Matches when the property is absent or blank: {@code KAFKA_BOOTSTRAP_SERVERS=} in a shell means "not configured",
 * which {@code @ConditionalOnProperty} cannot express.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(ConditionalOnBlankProperty.OnBlankPropertyCondition.class)
@interface ConditionalOnBlankProperty {

    String value();

    final class OnBlankPropertyCondition implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnBlankProperty.class.getName());
            String name = (String) attributes.get("value");
            return !StringUtils.hasText(context.getEnvironment().getProperty(name));
        }
    }
}
