package io.streamgate.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code streamgate.security.*}: who may call what. Off by default, so the development run and the seeds' curls work
 * as the documents show them; the {@code prod} profile turns it on. The switch itself ({@code enabled}) is read by the
 * configuration's condition.
 *
 * @param jwt     bearer tokens from an OAuth2 / OIDC issuer; off while neither address is set
 * @param apiKeys API keys for service clients, kept hashed in Postgres ({@code api-keys} command of the jar)
 */
@ConfigurationProperties("streamgate.security")
record SecuritySettings(@DefaultValue Jwt jwt, @DefaultValue ApiKeys apiKeys) {

    /**
     * @param issuerUri  the issuer: tokens must name it ({@code iss}); its JWKS is found through its OIDC metadata
     *                   unless {@code jwkSetUri} names it
     * @param jwkSetUri  where the signing keys are; fetched again when a token names a key not seen yet, so keys
     *                   rotate without a restart
     * @param audiences  a token must name one of them ({@code aud}); empty: not checked
     * @param clockSkew  how far expiry and not-before may be off, for clocks that differ a little
     */
    record Jwt(String issuerUri, String jwkSetUri, List<String> audiences, @DefaultValue("60s") Duration clockSkew) {

        Jwt {
            audiences = audiences == null ? List.of() : List.copyOf(audiences);
        }

        boolean configured() {
            return has(issuerUri) || has(jwkSetUri);
        }

        private static boolean has(String value) {
            return value != null && !value.isBlank();
        }
    }

    /**
     * @param header   the request header carrying a key
     * @param cacheTtl how long a looked-up key is trusted without asking the database again: a revoked key is refused
     *                 at most this long after the revocation, on every replica
     */
    record ApiKeys(@DefaultValue("X-API-Key") String header, @DefaultValue("10s") Duration cacheTtl) {
    }
}
