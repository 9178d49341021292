-- Order details (seed 003): the read model built from topic order-events. One row per order, as its latest applied
-- event describes it; an event whose version is not greater than the row's is ignored.
CREATE TABLE order_details (
    order_id        TEXT          PRIMARY KEY,
    customer_id     TEXT          NOT NULL,
    status          TEXT          NOT NULL,
    currency        TEXT          NOT NULL,
    total_amount    NUMERIC(14,2) NOT NULL,
    shipping_cost   NUMERIC(14,2) NOT NULL,
    items           JSONB         NOT NULL,
    order_date      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL,
    version         BIGINT        NOT NULL,
    last_event_id   TEXT          NOT NULL,
    last_event_type TEXT          NOT NULL,
    applied_at      TIMESTAMPTZ   NOT NULL DEFAULT now()
);

-- The order ids seen on each consumed topic, in order of first appearance: what GET /getAllOrderIdsFromTopic pages
-- through, without reading the topic per request.
CREATE TABLE order_details_topic_index (
    topic        TEXT      NOT NULL,
    order_id     TEXT      NOT NULL,
    seq          BIGSERIAL NOT NULL,
    first_offset BIGINT    NOT NULL,
    PRIMARY KEY (topic, order_id)
);

CREATE UNIQUE INDEX order_details_topic_index_seq ON order_details_topic_index (topic, seq);
