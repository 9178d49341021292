package io.streamgate.platform.security;

import java.util.Set;

/**
 * Who called, once authentication has accepted the request: a name that stays the same for the same client (the API
 * key's name, or the token's subject) and the scopes granted to it.
 *
 * @param name   {@code key:<name>} for an API key, {@code jwt:<subject>} for a bearer token
 * @param scopes what the caller may do, e.g. {@code orders:write}
 */
public record Caller(String name, Set<String> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public boolean has(String scope) {
        return scopes.contains(scope);
    }
}
