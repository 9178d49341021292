-- Delivery statuses of payments submitted with Prefer: respond-async, shared by every replica so that
-- GET /payments/{id} answers wherever it lands. Kept for streamgate.payments.status-retention and at most
-- status-capacity rows (PaymentStatuses sweeps both).
CREATE TABLE payment_statuses (
    payment_id  uuid        PRIMARY KEY,
    -- One submission of the payment: a retry under the same Idempotency-Key reuses the payment id, and an outcome
    -- only updates the row of its own attempt, so a late outcome of an earlier attempt cannot overwrite a newer one.
    attempt     uuid        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    topic       text,
    "partition" integer,
    "offset"    bigint,
    error       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payment_statuses_created_at ON payment_statuses (created_at);
