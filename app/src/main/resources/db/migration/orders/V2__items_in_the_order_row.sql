-- An order's line items move into the order row, as one JSONB array, and the order_items table goes.
--
-- Why: items are always written whole with their order (placed, or replaced by a revision) and read whole with it;
-- nothing queries, indexes, joins or references them on their own. A table of their own cost every new order a
-- second statement, one primary-key index insert per item and one foreign-key check per item (which also locks the
-- parent row and logs that lock); a revision deleted and re-inserted them, and every read joined them back. In the
-- row, an order is one insert, a revision one update, a read one row.
--
-- Element shape: {"sku": text, "quantity": integer, "unit_price": "12.50"}, in line order. The unit price is a JSON
-- *string* holding the numeric(14,2) text, always two decimals, so no JSON tool on the way (psql, jq, a JavaScript
-- client) can turn it into a binary double: exact decimal end to end is a contract. In SQL it is
-- (item ->> 'unit_price')::numeric(14,2).
--
-- The element rules (sku, quantity > 0, unit_price > 0 with at most two decimals) are the application's validation
-- (OrderRequest); the database checks only that items is a non-empty array, which costs no per-element work on the
-- insert path this migration is about.
--
-- Runs in one transaction (Flyway on Postgres), holding orders exclusively while it rewrites it. It is not
-- compatible with a running instance of the previous version (which writes order_items): stop the old replicas,
-- migrate, start the new ones.
ALTER TABLE orders ADD COLUMN items JSONB;

UPDATE orders o
   SET items = i.items
  FROM (SELECT order_id,
               jsonb_agg(jsonb_build_object('sku', sku, 'quantity', quantity, 'unit_price', unit_price::text)
                         ORDER BY line_no) AS items
          FROM order_items
         GROUP BY order_id) i
 WHERE i.order_id = o.order_id;

-- The application never stored an order without items; if one exists, stop here (the whole migration rolls back)
-- rather than invent items or drop the order.
DO $$
DECLARE
    itemless BIGINT;
BEGIN
    SELECT count(*) INTO itemless FROM orders WHERE items IS NULL;
    IF itemless > 0 THEN
        RAISE EXCEPTION 'V2 needs every order to have at least one item; % order(s) in orders have none in order_items',
            itemless;
    END IF;
END $$;

ALTER TABLE orders
    ALTER COLUMN items SET NOT NULL,
    ADD CONSTRAINT orders_items_non_empty_array
        -- CASE, not AND: SQL does not promise to evaluate AND left to right, and jsonb_array_length raises an error
        -- (not a check violation) on a non-array.
        CHECK (CASE WHEN jsonb_typeof(items) = 'array' THEN jsonb_array_length(items) > 0 ELSE false END);

DROP TABLE order_items;
