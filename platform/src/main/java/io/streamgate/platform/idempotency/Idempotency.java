package io.streamgate.platform.idempotency;

import io.streamgate.platform.database.Blocking;
import io.streamgate.platform.problems.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.streamgate.platform.edge.Clients;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a POST at most once per {@link IdempotencyKey}: the first request claims the key in Postgres, runs, and stores
 * its response; a retry with the same key and the same request gets that response again (with
 * {@code Idempotent-Replayed: true}) and writes nothing. The same key with a different request is 422; a retry while
 * the first is still running is 409. A request that fails without an answer (503) releases its claim so that a retry
 * can run. Keys live in the database, so they survive restarts and are shared by every replica.
 * <p>
 * A claim whose request has not finished within the lease ({@link IdempotencySettings#lease()}) may be taken over by
 * a retry: its replica is presumed dead. Should that request still be running and end later, its completion and its
 * release are fenced by its claim's token and change nothing: the key belongs to the retry. The work itself may then
 * have run twice, which is why an entity created under a key gets an id derived from it.
 */
class Idempotency {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final List<String> STORED_HEADERS =
            List.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ETAG, "Preference-Applied");

    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);

    private final IdempotencyKeys keys;
    private final IdempotencySettings settings;
    private final JsonMapper json;
    private final String clientHeader;

    Idempotency(IdempotencyKeys keys, IdempotencySettings settings, JsonMapper json, String clientHeader) {
        this.keys = keys;
        this.clientHeader = clientHeader;
        this.settings = settings;
        this.json = json;
    }

    /**
     * The client's key scoped to this route and this client (the authenticated principal when authentication is on,
     * else its API key header when it sends one), so that two clients, or two routes, never share a key.
     */
    public IdempotencyKey keyOf(ServerWebExchange exchange, String headerValue) {
        String principal = Clients.principal(exchange);
        String client = principal != null ? "principal:" + principal
                : exchange.getRequest().getHeaders().getFirst(clientHeader);
        // The client's key header is a credential when authentication is on: only its digest is stored.
        String scope = exchange.getRequest().getMethod().name() + ' ' + exchange.getRequest().getPath().value()
                + '|' + (client == null ? "-" : HexFormat.of().formatHex(sha256(client), 0, 16));
        return IdempotencyKey.of(scope, headerValue);
    }

    /**
     * @param key         the client's key in its scope
     * @param fingerprint a canonical form of the request: equal for requests that mean the same thing
     * @param action      the request's work; subscribed to only by the request that owns the key
     */
    public Mono<ResponseEntity<?>> execute(IdempotencyKey key, String fingerprint,
                                           Supplier<Mono<? extends ResponseEntity<?>>> action) {
        byte[] digest = sha256(fingerprint);
        return blocking(() -> keys.claim(key.scope(), key.value(), digest, settings.retention(), settings.lease()))
                .flatMap(claim -> claim.isPresent() ? runOnce(claim.get(), action) : replay(key, digest));
    }

    /**
     * Runs the action under {@code claim}, then stores its response or releases the key. Both are fenced by the
     * claim: a request that outlived its lease finds the key taken over by a retry and changes nothing (its own client
     * still gets its answer; the key keeps the retry's).
     */
    private Mono<ResponseEntity<?>> runOnce(IdempotencyKeys.Claim claim,
                                            Supplier<Mono<? extends ResponseEntity<?>>> action) {
        return Mono.defer(action)
                .<ResponseEntity<?>>flatMap(response -> blocking(() -> {
                    if (!keys.complete(claim, response.getStatusCode().value(), encodeHeaders(response.getHeaders()),
                            json.writeValueAsBytes(response.getBody()))) {
                        logTakenOver(claim, "response");
                    }
                    return response;
                }))
                .onErrorResume(failure -> blocking(() -> {
                    if (!keys.release(claim)) {
                        logTakenOver(claim, "release");
                    }
                    return true;
                }).then(Mono.error(failure)));
    }

    private void logTakenOver(IdempotencyKeys.Claim claim, String what) {
        log.warn("An idempotency key of {} was taken over by a retry after its {} lease while its request still ran; "
                + "that request's {} is dropped and the key stays the retry's", claim.scope(), settings.lease(), what);
    }

    /**
     * The transactional variant, for work that writes to the application's database: claims the key, runs
     * {@code work} and stores its response, all inside the caller's transaction, so the key, the work's rows and the
     * stored response commit or roll back together. A retry after a crash therefore finds either nothing (and runs
     * again) or the completed key (and gets the replay); it can never run the work twice. A concurrent retry waits
     * on the key's row lock until the first transaction ends. Blocking: call it on a thread that may block.
     *
     * @throws IllegalStateException when no transaction is active
     * @throws ApiProblem            422 when the key was used with another request, 409 when a non-transactional
     *                               request with this key is still running
     */
    public ResponseEntity<?> executeInTransaction(IdempotencyKey key, String fingerprint,
                                                  Supplier<? extends ResponseEntity<?>> work) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("executeInTransaction needs an active transaction on the DataSource");
        }
        byte[] digest = sha256(fingerprint);
        Optional<IdempotencyKeys.Claim> claim =
                keys.claim(key.scope(), key.value(), digest, settings.retention(), settings.lease());
        if (claim.isEmpty()) {
            return replayOf(keys.find(key.scope(), key.value()), digest);
        }
        ResponseEntity<?> response = work.get();
        // The claim's row stays locked until this transaction ends, so nobody can have taken it over.
        if (!keys.complete(claim.get(), response.getStatusCode().value(), encodeHeaders(response.getHeaders()),
                json.writeValueAsBytes(response.getBody()))) {
            throw new IllegalStateException("The idempotency key claimed in this transaction is no longer its own");
        }
        return response;
    }

    private Mono<ResponseEntity<?>> replay(IdempotencyKey key, byte[] digest) {
        return blocking(() -> replayOf(keys.find(key.scope(), key.value()), digest));
    }

    private ResponseEntity<?> replayOf(Optional<IdempotencyKeys.Entry> found, byte[] digest) {
        if (found.isEmpty()) {
            throw inProgress();
        }
        IdempotencyKeys.Entry entry = found.get();
        if (!Arrays.equals(entry.fingerprint(), digest)) {
            throw ApiProblem.invalid(IdempotencyKey.HEADER,
                    "this key was already used with a different request; use a new key for a new request");
        }
        if (entry.state() == IdempotencyKeys.State.IN_PROGRESS) {
            throw inProgress();
        }
        HttpHeaders headers = decodeHeaders(entry.headers());
        headers.set(REPLAYED_HEADER, "true");
        if (headers.getContentType() == null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        return ResponseEntity.status(entry.status()).headers(headers).body(entry.body());
    }

    private static ApiProblem inProgress() {
        return ApiProblem.conflict("A request with this " + IdempotencyKey.HEADER + " is still in progress.",
                Duration.ofSeconds(1));
    }

    int deleteExpired() {
        return keys.deleteExpired(settings.retention());
    }

    private <T> Mono<T> blocking(java.util.concurrent.Callable<T> work) {
        return Blocking.call(work);
    }

    private static String encodeHeaders(HttpHeaders headers) {
        StringBuilder out = new StringBuilder();
        for (String name : STORED_HEADERS) {
            String value = headers.getFirst(name);
            if (value != null) {
                out.append(name).append(": ").append(value).append('\n');
            }
        }
        return out.toString();
    }

    private static HttpHeaders decodeHeaders(String encoded) {
        HttpHeaders headers = new HttpHeaders();
        if (encoded == null) {
            return headers;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : encoded.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                values.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        values.forEach(headers::set);
        return headers;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

}
