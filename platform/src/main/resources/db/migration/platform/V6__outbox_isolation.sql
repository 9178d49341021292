-- The writer schemas of outbox rows. A row's payload is Avro single-object encoding: the writer schema's 64-bit
-- fingerprint, then the datum. Every build stores the schemas it writes here (in the transaction of its first
-- append), so a relay of any build can find the schema a row was written with and decode it into its own: rows of
-- an older build and of a newer one alike, as a rolling deployment has both. Rows are never deleted: a schema is a
-- few kilobytes and there is one per version of an event type.
CREATE TABLE outbox_schemas (
    fingerprint  BIGINT      PRIMARY KEY,
    schema       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
