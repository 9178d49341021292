-- Idempotency keys of POST requests (platform). A row is claimed (IN_PROGRESS) before the request's side effects
-- and completed with the response that is replayed to retries. Rows expire after the configured retention.
CREATE TABLE idempotency_keys (
    scope            TEXT        NOT NULL,
    idempotency_key  TEXT        NOT NULL,
    fingerprint      BYTEA       NOT NULL,
    state            TEXT        NOT NULL CHECK (state IN ('IN_PROGRESS', 'COMPLETED')),
    response_status  INTEGER,
    response_headers TEXT,
    response_body    BYTEA,
    claimed_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at     TIMESTAMPTZ,
    PRIMARY KEY (scope, idempotency_key)
);

CREATE INDEX idempotency_keys_claimed_at ON idempotency_keys (claimed_at);
