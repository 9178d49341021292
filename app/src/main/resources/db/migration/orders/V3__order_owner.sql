-- Who created each order (the authenticated client's name), for per-client access; NULL while authentication is off.
ALTER TABLE orders ADD COLUMN owner text;
CREATE INDEX orders_owner_newest ON orders (owner, created_at DESC, order_id DESC) WHERE owner IS NOT NULL;
