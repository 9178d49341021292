package io.streamgate.platform.security;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code api_keys} table. A key is {@code sgk_<id>_<secret>}: the id (32 hex digits) finds the row, the secret (32
 * random bytes, base64url) proves the holder. Only the secret's SHA-256 is stored: the secret is random and long, so
 * a slow password hash would add cost and no safety, and nobody can read a key back from the table. Blocking JDBC:
 * callers keep it off the event loop.
 */
final class ApiKeyStore {

    static final String PREFIX = "sgk_";

    /** A key as stored: what authentication needs to accept or refuse it. */
    record StoredKey(UUID id, String name, byte[] secretHash, Set<String> scopes, Instant expiresAt,
                     Instant revokedAt) {

        boolean usableAt(Instant now) {
            return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    /** A key as {@code api-keys list} shows it: never its secret. */
    record Listed(String name, UUID id, Set<String> scopes, Instant createdAt, Instant expiresAt, Instant revokedAt) {
    }

    /** The parts of a presented key, or empty when it does not have the key's shape. */
    record Presented(UUID id, String secret) {

        static Optional<Presented> parse(String key) {
            if (key == null || !key.startsWith(PREFIX) || key.length() != PREFIX.length() + 32 + 1 + 43
                    || key.charAt(PREFIX.length() + 32) != '_') {
                return Optional.empty();
            }
            String hex = key.substring(PREFIX.length(), PREFIX.length() + 32);
            try {
                long high = HexFormat.fromHexDigitsToLong(hex, 0, 16);
                long low = HexFormat.fromHexDigitsToLong(hex, 16, 32);
                return Optional.of(new Presented(new UUID(high, low), key.substring(PREFIX.length() + 33)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    ApiKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredKey> find(UUID id) {
        return jdbc.sql("SELECT id, name, secret_hash, scopes, expires_at, revoked_at FROM api_keys WHERE id = :id")
                .param("id", id)
                .query((rs, row) -> new StoredKey(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3),
                        scopes(rs.getArray(4)), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))))
                .optional();
    }

    /** Creates a key and returns it: the only time its secret exists outside the caller's hands. */
    String create(String name, Set<String> scopes, Duration validFor) {
        UUID id = UUID.randomUUID();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        jdbc.sql("""
                        INSERT INTO api_keys (id, name, secret_hash, scopes, expires_at)
                        VALUES (:id, :name, :hash, :scopes, :expires)""")
                .param("id", id).param("name", name).param("hash", hash(secretText))
                .param("scopes", scopes.stream().sorted().toArray(String[]::new))
                .param("expires", validFor == null ? null : Timestamp.from(Instant.now().plus(validFor)))
                .update();
        return PREFIX + id.toString().replace("-", "") + "_" + secretText;
    }

    boolean revoke(String name) {
        return jdbc.sql("UPDATE api_keys SET revoked_at = now() WHERE name = :name AND revoked_at IS NULL")
                .param("name", name).update() > 0;
    }

    List<Listed> list() {
        return jdbc.sql("SELECT name, id, scopes, created_at, expires_at, revoked_at FROM api_keys ORDER BY name")
                .query((rs, row) -> new Listed(rs.getString(1), rs.getObject(2, UUID.class), scopes(rs.getArray(3)),
                        instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))))
                .list();
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> scopes(Array array) throws SQLException {
        return array == null ? Set.of() : Set.copyOf(Arrays.asList((String[]) array.getArray()));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
