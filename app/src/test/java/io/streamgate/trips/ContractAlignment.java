package io.streamgate.trips;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a request record with the Avro schema of the event it becomes: the same field names (JSON names against
 * Avro names), compatible types, and the same nullability (required in the request, annotated
 * {@code @Schema(requiredMode = REQUIRED)} or primitive, exactly when not nullable in Avro). Fields the service sets
 * itself are named, and must be nullable in Avro (a client never sends them).
 */
final class ContractAlignment {

    private ContractAlignment() {
    }

    /** What differs, one line per difference; empty when aligned. */
    static List<String> differences(Class<? extends Record> request, org.apache.avro.Schema schema,
                                    Set<String> serviceFields) {
        List<String> out = new ArrayList<>();
        Map<String, RecordComponent> components = new LinkedHashMap<>();
        for (RecordComponent component : request.getRecordComponents()) {
            JsonProperty json = annotation(component, JsonProperty.class);
            components.put(json != null && !json.value().isEmpty() ? json.value() : component.getName(), component);
        }
        for (org.apache.avro.Schema.Field field : schema.getFields()) {
            boolean nullable = isNullable(field.schema());
            if (serviceFields.contains(field.name())) {
                if (components.remove(field.name()) != null) {
                    out.add(field.name() + ": set by the service, but the request has it too");
                }
                if (!nullable) {
                    out.add(field.name() + ": set by the service, so it must be nullable in Avro");
                }
                continue;
            }
            RecordComponent component = components.remove(field.name());
            if (component == null) {
                out.add(field.name() + ": in the Avro schema only");
                continue;
            }
            String type = typeMismatch(component.getType(), nonNull(field.schema()));
            if (type != null) {
                out.add(field.name() + ": " + type);
            }
            boolean required = isRequired(component);
            if (required == nullable) {
                out.add(field.name() + ": " + (required ? "required in the request but nullable in Avro"
                        : "optional in the request but not nullable in Avro"));
            }
        }
        components.keySet().forEach(name -> out.add(name + ": in the request only"));
        return out;
    }

    static boolean isRequired(RecordComponent component) {
        Schema doc = annotation(component, Schema.class);
        return component.getType().isPrimitive()
                || (doc != null && doc.requiredMode() == Schema.RequiredMode.REQUIRED);
    }

    /**
     * An annotation on a record component lands on the component, its field, accessor or constructor parameter,
     * depending on the annotation's targets: look where it can be.
     */
    private static <A extends java.lang.annotation.Annotation> A annotation(RecordComponent component, Class<A> type) {
        A found = component.getAnnotation(type);
        if (found == null) {
            found = component.getAccessor().getAnnotation(type);
        }
        if (found == null) {
            try {
                found = component.getDeclaringRecord().getDeclaredField(component.getName()).getAnnotation(type);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("a record component without its field: " + component, e);
            }
        }
        return found;
    }

    private static boolean isNullable(org.apache.avro.Schema schema) {
        return schema.getType() == org.apache.avro.Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == org.apache.avro.Schema.Type.NULL);
    }

    private static org.apache.avro.Schema nonNull(org.apache.avro.Schema schema) {
        if (schema.getType() != org.apache.avro.Schema.Type.UNION) {
            return schema;
        }
        List<org.apache.avro.Schema> rest = schema.getTypes().stream()
                .filter(s -> s.getType() != org.apache.avro.Schema.Type.NULL).toList();
        return rest.size() == 1 ? rest.getFirst() : schema;
    }

    private static String typeMismatch(Class<?> java, org.apache.avro.Schema avro) {
        LogicalType logical = avro.getLogicalType();
        String expected;
        boolean ok;
        if (java == String.class) {
            expected = "string";
            ok = avro.getType() == org.apache.avro.Schema.Type.STRING;
        } else if (java == Double.class || java == double.class) {
            expected = "double";
            ok = avro.getType() == org.apache.avro.Schema.Type.DOUBLE;
        } else if (java == Integer.class || java == int.class) {
            expected = "int";
            ok = avro.getType() == org.apache.avro.Schema.Type.INT && logical == null;
        } else if (java == Long.class || java == long.class) {
            expected = "long";
            ok = avro.getType() == org.apache.avro.Schema.Type.LONG && logical == null;
        } else if (java == Boolean.class || java == boolean.class) {
            expected = "boolean";
            ok = avro.getType() == org.apache.avro.Schema.Type.BOOLEAN;
        } else if (java == BigDecimal.class) {
            expected = "decimal (bytes or fixed)";
            ok = logical instanceof LogicalTypes.Decimal;
        } else if (java == Instant.class) {
            expected = "long timestamp-millis";
            ok = avro.getType() == org.apache.avro.Schema.Type.LONG && logical instanceof LogicalTypes.TimestampMillis;
        } else {
            return "request type " + java.getSimpleName() + " has no Avro mapping here";
        }
        return ok ? null : "request type " + java.getSimpleName() + " needs Avro " + expected + ", schema has "
                + avro.getType().getName() + (logical == null ? "" : " " + logical.getName());
    }
}
