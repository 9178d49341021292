-- Fences idempotency claims (issue 17). Every claim, of a new key or of one taken over after the lease, writes a new
-- random token, and only the request holding that token may complete or release the key. Without it, a request that
-- outlived its lease released or overwrote the claim of the retry that took the key over. Rows claimed before this
-- migration have no token; they complete or expire as before.
ALTER TABLE idempotency_keys ADD COLUMN claim_token UUID;
