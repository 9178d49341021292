/**
 * The contracts between systems: Avro records generated from {@code src/main/avro} and the typed topic catalogue
 * ({@link io.streamgate.schemas.Topics}). Systems talk to each other only through these.
 */
package io.streamgate.schemas;
