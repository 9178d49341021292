-- Orders (system "orders", history table flyway_history_orders). Money is exact: numeric(14,2), as the Avro
-- contract's decimal(14,2). Times are stored to the millisecond, the precision of the events' timestamp-millis, so an
-- event and its row always agree.
CREATE TABLE orders (
    order_id           TEXT          PRIMARY KEY,
    customer_id        TEXT          NOT NULL,
    status             TEXT          NOT NULL CHECK (status IN ('CREATED', 'CONFIRMED', 'SHIPPED', 'CANCELLED')),
    currency           CHAR(3)       NOT NULL,
    total              NUMERIC(14,2) NOT NULL CHECK (total >= 0),
    created_at         TIMESTAMPTZ   NOT NULL,
    updated_at         TIMESTAMPTZ   NOT NULL,
    version            BIGINT        NOT NULL CHECK (version >= 1),
    -- When the life cycle moves the order on next; NULL once it is final. Replicas claim due rows with
    -- FOR UPDATE SKIP LOCKED, so the schedule lives here rather than in a sleeping task.
    next_transition_at TIMESTAMPTZ,
    CHECK ((status IN ('SHIPPED', 'CANCELLED')) = (next_transition_at IS NULL))
);

CREATE TABLE order_items (
    order_id   TEXT          NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
    line_no    INTEGER       NOT NULL,
    sku        TEXT          NOT NULL,
    quantity   INTEGER       NOT NULL CHECK (quantity > 0),
    unit_price NUMERIC(14,2) NOT NULL CHECK (unit_price > 0),
    PRIMARY KEY (order_id, line_no)
);

-- GET /orders: newest first, optionally by status (keyset paging on (created_at, order_id)).
CREATE INDEX orders_newest ON orders (created_at DESC, order_id DESC);
CREATE INDEX orders_status_newest ON orders (status, created_at DESC, order_id DESC);
-- The life cycle's claim: only orders that still have a transition ahead.
CREATE INDEX orders_due ON orders (next_transition_at) WHERE next_transition_at IS NOT NULL;
