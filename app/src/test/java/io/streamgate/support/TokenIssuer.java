package io.streamgate.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for an OAuth2 / OIDC issuer, for tests: it serves its signing keys as a JWKS over HTTP, as a real issuer
 * does, and signs tokens with them. Keys can be rotated: the JWKS then holds the new key only.
 */
public final class TokenIssuer implements AutoCloseable {

    public static final String ISSUER = "https://issuer.test";
    public static final String AUDIENCE = "streamgate";

    private final HttpServer server;
    private final AtomicReference<RSAKey> key = new AtomicReference<>(newKey());
    private final AtomicInteger jwksRequests = new AtomicInteger();

    public TokenIssuer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
            jwksRequests.incrementAndGet();
            byte[] body = new JWKSet(key.get().toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** A token for {@code subject} with {@code scopes}, valid for a minute. */
    public String token(String subject, String... scopes) {
        return sign(key.get(), claims(subject, Instant.now().plusSeconds(60), ISSUER, AUDIENCE, scopes));
    }

    public String expiredToken(String subject, String... scopes) {
        return sign(key.get(), claims(subject, Instant.now().minus(Duration.ofMinutes(5)), ISSUER, AUDIENCE, scopes));
    }

    public String tokenFor(String issuer, String audience, String subject, String... scopes) {
        return sign(key.get(), claims(subject, Instant.now().plusSeconds(60), issuer, audience, scopes));
    }

    /** Signed with a key the issuer never published. */
    public String forgedToken(String subject, String... scopes) {
        return sign(newKey(), claims(subject, Instant.now().plusSeconds(60), ISSUER, AUDIENCE, scopes));
    }

    /** The issuer rotates its signing key: the JWKS holds the new one only. */
    public void rotate() {
        key.set(newKey());
    }

    private static JWTClaimsSet claims(String subject, Instant expiry, String issuer, String audience,
                                       String... scopes) {
        return new JWTClaimsSet.Builder().subject(subject).issuer(issuer).audience(List.of(audience))
                .issueTime(Date.from(Instant.now().minusSeconds(1))).expirationTime(Date.from(expiry))
                .claim("scope", String.join(" ", scopes)).build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("key-" + System.nanoTime()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
