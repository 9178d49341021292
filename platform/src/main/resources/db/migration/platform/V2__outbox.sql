-- The transactional outbox (platform). Features append events in the transaction of their change; the relay
-- publishes them and deletes each row once Kafka has acknowledged it. The id gives the append order: appends of one
-- key are serialized (a transaction-scoped advisory lock per key), so per key the id order is the commit order.
CREATE TABLE outbox_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shard       INTEGER     NOT NULL,
    topic       TEXT        NOT NULL,
    event_key   TEXT        NOT NULL,
    event_id    UUID        NOT NULL,
    payload     BYTEA       NOT NULL,
    request_id  TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    attempts    INTEGER     NOT NULL DEFAULT 0,
    last_error  TEXT
);

-- One relay at a time owns a shard (hash of the key modulo the shard count) for as long as its lease runs; a relay
-- that dies or stops renewing loses its shards when the lease expires, and a live one takes them over.
CREATE TABLE outbox_shards (
    shard        INTEGER     PRIMARY KEY,
    owner        TEXT,
    lease_until  TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
);

-- Heartbeats of the running relays: how many share the shards.
CREATE TABLE outbox_relays (
    instance      TEXT        PRIMARY KEY,
    heartbeat_at  TIMESTAMPTZ NOT NULL
);
