package io.streamgate.platform.avro;

/**
 * The registry rejected a request with a 4xx answer: subject or schema not found, invalid schema, unauthorized, ...
 * Not retriable. {@link #errorCode()} is the Confluent {@code error_code} when the registry sent one (e.g. 40401
 * subject not found, 40403 schema not found, 42201 invalid schema), otherwise the HTTP status.
 */
public sealed class SchemaRegistryRequestException extends SchemaRegistryException
        permits SchemaRegistryRequestException.SubjectNotFound {

    private final int status;
    private final int errorCode;

    public SchemaRegistryRequestException(String message, int status, int errorCode) {
        super(message, null);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The HTTP status of the registry's answer. */
    public int status() {
        return status;
    }

    /** The Confluent error code, or the HTTP status if the body carried none. */
    public int errorCode() {
        return errorCode;
    }

    /**
     * The registry itself answered that the subject, the version or the schema does not exist: 404 with error code
     * 40401, 40402 or 40403 in its JSON body. A 404 without such a code is not this (see {@link SchemaRegistryClient}).
     */
    public static final class SubjectNotFound extends SchemaRegistryRequestException {

        private final String subject;

        public SubjectNotFound(String subject, String message, int status, int errorCode) {
            super(message, status, errorCode);
            this.subject = subject;
        }

        public String subject() {
            return subject;
        }
    }
}
