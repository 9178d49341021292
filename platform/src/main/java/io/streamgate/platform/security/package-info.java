/**
 * Who may call what, when {@code streamgate.security.enabled=true}: bearer tokens (JWT, checked with Spring
 * Security's resource-server decoder against the issuer's JWKS) and API keys (hashed in Postgres, managed by the jar's
 * {@code api-keys} command, {@link io.streamgate.platform.security.ApiKeysCommand}), per-route scopes from the systems'
 * {@code Routes}, and the {@link io.streamgate.platform.security.Caller} of a request ({@link
 * io.streamgate.platform.security.Callers}) for object-level rules.
 */
package io.streamgate.platform.security;
