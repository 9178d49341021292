-- Paging GET /getAllOrderIdsFromTopic never skips an id (issue 18). Pages used to follow seq, a sequence taken at
-- insert: with two replicas, a transaction that took a lower seq could commit after a higher one had been listed, and
-- after= paging passed over it for good. Now each row records the transaction that indexed it (tx), pages follow
-- (tx, seq), and a reader lists only rows whose transaction is older than every transaction still running
-- (pg_snapshot_xmin of its snapshot): a row that commits later has a tx at or above that horizon, so it sorts after
-- everything listed before it. Rows indexed before this migration take the migration's transaction and keep their order.
ALTER TABLE order_details_topic_index ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();

DROP INDEX order_details_topic_index_seq;
CREATE UNIQUE INDEX order_details_topic_index_page ON order_details_topic_index (topic, tx, seq);
