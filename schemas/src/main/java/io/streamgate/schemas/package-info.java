/**
 * The contracts between systems: Avro records generated from {@code src/main/avro} and the typed topic catalogue
 * ({@link io.streamgate.schemas.Topics}). Systems talk to each other only through these. The value rules the contracts
 * imply (identifiers, currencies, money as {@code decimal(14,2)} holds it) are here too, once, in
 * {@link io.streamgate.schemas.ValueRules}, so every system that fills or reads a contract checks it the same way.
 */
package io.streamgate.schemas;
