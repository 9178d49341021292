package io.streamgate.schemas;

import java.util.Objects;

/**
 * A topic of the catalogue: its name together with the types of its keys and values, so that code never pairs a
 * topic-name string with the wrong serde.
 *
 * @param name  the Kafka topic name
 * @param keyType  the key type (String keys are serialized as UTF-8; Avro keys through the registry)
 * @param valueType  the value type, an Avro specific record class for event topics
 */
public record Topic<K, V>(String name, Class<K> keyType, Class<V> valueType) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
    }

    @Override
    public String toString() {
        return name;
    }
}
