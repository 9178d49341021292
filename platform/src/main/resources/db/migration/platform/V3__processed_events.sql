-- Event ids each consumer group has applied (platform consumer side). A handler's writes and these rows commit in one
-- transaction, so a redelivered event (rebalance, crash before the offset commit, an outbox duplicate) is recognised
-- and changes nothing. Rows older than streamgate.consumer.processed-retention are swept.
CREATE TABLE processed_events (
    consumer_group TEXT        NOT NULL,
    event_id       TEXT        NOT NULL,
    topic          TEXT        NOT NULL,
    partition_no   INTEGER     NOT NULL,
    record_offset  BIGINT      NOT NULL,
    processed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, event_id)
);

CREATE INDEX processed_events_processed_at ON processed_events (processed_at);
