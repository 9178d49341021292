-- 'unknown': the producer gave up on a payment it had sent without knowing whether the broker wrote it (no answer
-- within the delivery timeout, a connection lost with the record in flight). 'failed' now means nothing was written.
-- Replicas of the previous build write only the other three, so they run against this schema unchanged.
ALTER TABLE payment_statuses DROP CONSTRAINT payment_statuses_status_check;
ALTER TABLE payment_statuses ADD CONSTRAINT payment_statuses_status_check
    CHECK (status IN ('pending', 'delivered', 'failed', 'unknown'));
