package io.streamgate.platform.avro.internal;

import org.apache.avro.Schema;

/** A schema as the registry knows it: its global id, the version under a subject (-1 when unknown), the schema. */
public record RegisteredSchema(int id, int version, Schema schema) {
}
