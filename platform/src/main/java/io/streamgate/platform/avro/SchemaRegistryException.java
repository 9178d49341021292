package io.streamgate.platform.avro;

/** Base of the typed failures of the Schema Registry client. Unchecked. */
public abstract sealed class SchemaRegistryException extends RuntimeException
        permits SchemaRegistryUnavailableException, SchemaRegistryRequestException, IncompatibleSchemaException {

    protected SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
