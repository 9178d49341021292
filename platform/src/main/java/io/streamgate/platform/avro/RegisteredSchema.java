package io.streamgate.platform.avro;

import org.apache.avro.Schema;

/** A schema as the registry knows it: its global id, the version under a subject (-1 when unknown), the schema. */
record RegisteredSchema(int id, int version, Schema schema) {
}
