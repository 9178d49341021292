package io.streamgate.platform.avro;

/**
 * The registry could not be reached, timed out, or answered 5xx. Retriable: the caller should answer 503 and let the
 * client retry. Schemas that are already cached are not affected by an outage.
 */
public final class SchemaRegistryUnavailableException extends SchemaRegistryException {

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
