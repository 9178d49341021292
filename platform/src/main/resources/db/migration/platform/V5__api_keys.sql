-- API keys for service clients (platform security): the secret's SHA-256 only, never the key.
CREATE TABLE api_keys (
    id          uuid PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    secret_hash bytea NOT NULL,
    scopes      text[] NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,
    revoked_at  timestamptz
);
