package io.streamgate.platform.json;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.exc.InvalidNullException;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request field a client may leave out, but never send as {@code null}: null is not a value on this API (README,
 * errors), and a field that silently takes {@code null} for "absent" would accept what a client probably got wrong.
 * Left out, the component is {@code null}; sent as {@code null}, the body is refused naming the field, as a required
 * field's null is. Required fields need no annotation: their validation refuses a null as missing.
 * <p>
 * Jackson cannot tell a missing creator property from a null one with {@code @JsonSetter(nulls = FAIL)} (both fail),
 * so this wraps the field's own deserializer: an explicit null asks it for its null value, a missing one for its
 * absent value, and only the first is refused.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JsonDeserialize(using = OptionalField.NullRefused.class)
public @interface OptionalField {

    /** The field's own deserializer, refusing an explicit {@code null}. */
    final class NullRefused extends ValueDeserializer<Object> {

        private final ValueDeserializer<Object> delegate;
        private final BeanProperty property;

        public NullRefused() {
            this(null, null);
        }

        private NullRefused(ValueDeserializer<Object> delegate, BeanProperty property) {
            this.delegate = delegate;
            this.property = property;
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            return new NullRefused(context.findContextualValueDeserializer(property.getType(), property), property);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            return delegate.deserialize(parser, context);
        }

        @Override
        public Object getNullValue(DeserializationContext context) {
            throw InvalidNullException.from(context, property.getFullName(), property.getType());
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }
    }
}
