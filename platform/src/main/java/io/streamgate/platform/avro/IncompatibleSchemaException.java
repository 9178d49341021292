package io.streamgate.platform.avro;

/**
 * Our writer schema cannot be used for a subject: the registry refused to register it (HTTP 409), or, in
 * {@link SchemaRegistryMode#USE_LATEST}, the subject's latest schema cannot read records written with ours (checked
 * with Avro's {@code SchemaCompatibility}). A deployment problem, not retriable.
 */
final class IncompatibleSchemaException extends SchemaRegistryException {

    private final String subject;

    public IncompatibleSchemaException(String subject, String message) {
        super(message, null);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
