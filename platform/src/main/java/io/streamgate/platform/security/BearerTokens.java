package io.streamgate.platform.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoders;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens (JWT) from an OAuth2 / OIDC issuer, with Spring Security's resource-server decoder: the signature
 * against the issuer's JWKS (fetched again when a token names a key not seen yet, so the issuer rotates keys without a
 * restart of this service), the issuer, the audience and expiry with a small clock skew. Scopes come from the
 * {@code scope} claim (space-separated, RFC 8693) or {@code scp} (a list).
 */
final class BearerTokens {

    private final ReactiveJwtDecoder decoder;

    BearerTokens(SecuritySettings.Jwt settings) {
        NimbusReactiveJwtDecoder decoder;
        if (settings.jwkSetUri() != null && !settings.jwkSetUri().isBlank()) {
            decoder = NimbusReactiveJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
        } else {
            decoder = (NimbusReactiveJwtDecoder) ReactiveJwtDecoders.fromIssuerLocation(settings.issuerUri());
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(settings.clockSkew()));
        if (settings.issuerUri() != null && !settings.issuerUri().isBlank()) {
            validators.add(new JwtIssuerValidator(settings.issuerUri()));
        }
        if (!settings.audiences().isEmpty()) {
            validators.add(token -> token.getAudience() != null
                    && token.getAudience().stream().anyMatch(settings.audiences()::contains)
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                    "The token is not for this service (aud)", null)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        this.decoder = decoder;
    }

    BearerTokens(ReactiveJwtDecoder decoder) {
        this.decoder = decoder;
    }

    /** The caller a valid token names, or empty when it is not one (bad signature, expired, wrong issuer...). */
    Mono<Optional<Caller>> authenticate(String token) {
        return decoder.decode(token)
                .map(jwt -> Optional.of(new Caller("jwt:" + jwt.getSubject(), scopes(jwt))))
                .onErrorResume(JwtException.class, invalid -> Mono.just(Optional.empty()));
    }

    private static Set<String> scopes(Jwt jwt) {
        Set<String> scopes = new HashSet<>();
        Object scope = jwt.getClaims().get("scope");
        if (scope instanceof String text) {
            scopes.addAll(Arrays.asList(text.trim().split("\\s+")));
        } else if (scope instanceof Collection<?> list) {
            list.forEach(s -> scopes.add(String.valueOf(s)));
        }
        Object scp = jwt.getClaims().get("scp");
        if (scp instanceof Collection<?> list) {
            list.forEach(s -> scopes.add(String.valueOf(s)));
        } else if (scp instanceof String text) {
            scopes.addAll(Arrays.asList(text.trim().split("\\s+")));
        }
        scopes.remove("");
        return scopes;
    }
}
