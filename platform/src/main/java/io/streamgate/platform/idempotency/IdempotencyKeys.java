package io.streamgate.platform.idempotency;

import io.streamgate.platform.database.ExpiredRows;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** The {@code idempotency_keys} table. Blocking JDBC: callers run it off the event loop. */
class IdempotencyKeys {

    enum State { IN_PROGRESS, COMPLETED }

    record Entry(byte[] fingerprint, State state, Integer status, String headers, byte[] body) {
    }

    /** Rows per sweep batch: the rows hold response bodies, so fewer than the applied event ids' batch. */
    static final int SWEEP_BATCH = 2_000;

    private final JdbcClient jdbc;
    private final ExpiredRows expired;

    IdempotencyKeys(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.expired = new ExpiredRows(new JdbcTemplate(dataSource), "idempotency_keys", "claimed_at", SWEEP_BATCH);
    }

    /**
     * One request's hold on a key. The token is new at every claim, so a request that outlived its lease (the key was
     * taken over by a retry) no longer matches the row and can change nothing.
     */
    record Claim(String scope, String key, UUID token) {
    }

    /**
     * Claims the key for one request: present when this caller owns it now, because it was new, expired, or claimed by
     * a request that never completed within the lease.
     */
    Optional<Claim> claim(String scope, String key, byte[] fingerprint, Duration retention, Duration lease) {
        UUID token = UUID.randomUUID();
        boolean claimed = jdbc.sql("""
                        INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, state, claimed_at, claim_token)
                        VALUES (:scope, :key, :fingerprint, 'IN_PROGRESS', now(), :token)
                        ON CONFLICT (scope, idempotency_key) DO UPDATE
                           SET fingerprint = excluded.fingerprint, state = 'IN_PROGRESS', response_status = NULL,
                               response_headers = NULL, response_body = NULL, claimed_at = now(), completed_at = NULL,
                               claim_token = excluded.claim_token
                         WHERE idempotency_keys.claimed_at < now() - make_interval(secs => :retention)
                            OR (idempotency_keys.state = 'IN_PROGRESS'
                                AND idempotency_keys.claimed_at < now() - make_interval(secs => :lease))
                        RETURNING 1
                        """)
                .param("scope", scope).param("key", key).param("fingerprint", fingerprint).param("token", token)
                .param("retention", (double) retention.toSeconds()).param("lease", (double) lease.toSeconds())
                .query(Integer.class).optional().isPresent();
        return claimed ? Optional.of(new Claim(scope, key, token)) : Optional.empty();
    }

    Optional<Entry> find(String scope, String key) {
        return jdbc.sql("""
                        SELECT fingerprint, state, response_status, response_headers, response_body
                          FROM idempotency_keys WHERE scope = :scope AND idempotency_key = :key
                        """)
                .param("scope", scope).param("key", key)
                .query((rs, row) -> new Entry(rs.getBytes(1), State.valueOf(rs.getString(2)),
                        (Integer) rs.getObject(3), rs.getString(4), rs.getBytes(5)))
                .optional();
    }

    /**
     * Stores the response of the request that holds {@code claim}.
     *
     * @return false when the claim is no longer this request's (the key was taken over after the lease): nothing
     *         changed, and the key keeps the response of the request that holds it now
     */
    boolean complete(Claim claim, int status, String headers, byte[] body) {
        return jdbc.sql("""
                        UPDATE idempotency_keys
                           SET state = 'COMPLETED', response_status = :status, response_headers = :headers,
                               response_body = :body, completed_at = now()
                         WHERE scope = :scope AND idempotency_key = :key AND claim_token = :token
                           AND state = 'IN_PROGRESS'
                        """)
                .param("status", status).param("headers", headers).param("body", body)
                .param("scope", claim.scope()).param("key", claim.key()).param("token", claim.token())
                .update() == 1;
    }

    /**
     * Releases a claim whose request failed without an answer worth replaying (e.g. a 503), so a retry may run.
     *
     * @return false when the claim is no longer this request's: the claim of the request that holds it now stays
     */
    boolean release(Claim claim) {
        return jdbc.sql("""
                        DELETE FROM idempotency_keys
                         WHERE scope = :scope AND idempotency_key = :key AND claim_token = :token
                           AND state = 'IN_PROGRESS'
                        """)
                .param("scope", claim.scope()).param("key", claim.key()).param("token", claim.token())
                .update() == 1;
    }

    /** Drops the keys claimed longer than {@code retention} ago: in batches, by one replica at a time. */
    int deleteExpired(Duration retention) {
        return expired.deleteOlderThan(retention);
    }
}
