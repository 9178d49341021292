package io.streamgate.platform.avro;

/** How a serializer obtains the schema id it writes. */
public enum SchemaRegistryMode {

    /** Register the writer schema under the subject (idempotent: an equal schema gets its existing id). Development. */
    AUTO_REGISTER,

    /**
     * Never register: use the subject's latest version. If it equals our schema (same parsing canonical form) records
     * are written with its id as they are; if it differs but can read ours, records are resolved to it; otherwise the
     * serializer fails with {@link IncompatibleSchemaException}. Production, where schemas are registered by CI.
     */
    USE_LATEST
}
