-- The outbox isolates faults (issue 18).

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

-- Every claim of a shard increments its epoch. A relay sends a row only while the epoch it read the row under is
-- still its own, and its writes name that epoch: the writes of a relay that lost the shard meanwhile change nothing.
ALTER TABLE outbox_shards ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;

-- The rows of keys that do not move: the key's first row failed and waits for its retry (retry_at), or can never be
-- published and is parked (parked_at) until an operator retries or drops it (docs/outbox.md). The relay moves every
-- row of such a key here, with its id, so outbox_events holds only rows that can go now and its readers never wade
-- through rows they would skip; the key's later appends follow them here until the key moves again. attempts,
-- last_error, retry_at and parked_at are those of the key's first row; its later rows have neither retry_at nor
-- parked_at.
CREATE TABLE outbox_held (
    id          BIGINT      PRIMARY KEY,
    shard       INTEGER     NOT NULL,
    topic       TEXT        NOT NULL,
    event_key   TEXT        NOT NULL,
    event_id    UUID        NOT NULL,
    payload     BYTEA       NOT NULL,
    request_id  TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    attempts    INTEGER     NOT NULL DEFAULT 0,
    last_error  TEXT,
    retry_at    TIMESTAMPTZ,
    parked_at   TIMESTAMPTZ,
    held_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX outbox_held_key ON outbox_held (event_key, topic, id);
