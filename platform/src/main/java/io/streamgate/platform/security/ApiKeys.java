package io.streamgate.platform.security;

import io.streamgate.platform.database.Blocking;
import reactor.core.publisher.Mono;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Checks presented API keys against {@link ApiKeyStore}, with each key's row cached for {@code cacheTtl}: a busy client
 * costs one SHA-256 and a map look-up per request, not a database round trip, and a revocation reaches every replica
 * within {@code cacheTtl}. A key that does not exist is cached as such too, so guessing ids does not reach the
 * database more than once per id and period.
 * <p>
 * One look-up per id at a time: when an entry expires under load, the first request reads the row and every other
 * request for the same id waits for that read instead of starting its own. Without this, each request in flight for a
 * busy key missed at once and queued a read of its own on the bounded blocking pool, and the pool's queue overflowed
 * into 503s.
 */
final class ApiKeys {

    private record Cached(Optional<ApiKeyStore.StoredKey> key, long loadedAtNanos) {
    }

    /** Past this many cached ids, the stale ones are dropped before another is added. */
    private static final int MAX_CACHED = 10_000;

    private final Function<UUID, Optional<ApiKeyStore.StoredKey>> find;
    private final long ttlNanos;
    private final Clock clock;
    private final ConcurrentMap<UUID, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, CompletableFuture<Optional<ApiKeyStore.StoredKey>>> loading =
            new ConcurrentHashMap<>();

    /** {@code find} reads one key's row; it blocks, so it runs off the event loop. */
    ApiKeys(Function<UUID, Optional<ApiKeyStore.StoredKey>> find, Duration cacheTtl, Clock clock) {
        this.find = find;
        this.ttlNanos = cacheTtl.toNanos();
        this.clock = clock;
    }

    /** The caller this key names, or empty when it is unknown, wrong, expired or revoked. */
    Mono<Optional<Caller>> authenticate(String presented) {
        Optional<ApiKeyStore.Presented> parts = ApiKeyStore.Presented.parse(presented);
        if (parts.isEmpty()) {
            return Mono.just(Optional.empty());
        }
        UUID id = parts.get().id();
        Cached cached = cache.get(id);
        if (cached != null && System.nanoTime() - cached.loadedAtNanos() < ttlNanos) {
            return Mono.just(check(cached.key(), parts.get().secret()));
        }
        // suppressCancel: a client that goes away must not cancel the read the other waiters share.
        return Mono.fromFuture(loadOnce(id), true).map(key -> check(key, parts.get().secret()));
    }

    /** The read in flight for this id, or a new one; it leaves {@link #loading} when it completes, however. */
    private CompletableFuture<Optional<ApiKeyStore.StoredKey>> loadOnce(UUID id) {
        CompletableFuture<Optional<ApiKeyStore.StoredKey>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<ApiKeyStore.StoredKey>> inFlight = loading.putIfAbsent(id, mine);
        if (inFlight != null) {
            return inFlight;
        }
        mine.whenComplete((key, failure) -> loading.remove(id, mine));
        Blocking.call(() -> load(id)).subscribe(mine::complete, mine::completeExceptionally);
        return mine;
    }

    private Optional<ApiKeyStore.StoredKey> load(UUID id) {
        Optional<ApiKeyStore.StoredKey> key = find.apply(id);
        if (cache.size() >= MAX_CACHED) {
            long now = System.nanoTime();
            cache.values().removeIf(entry -> now - entry.loadedAtNanos() >= ttlNanos);
        }
        cache.put(id, new Cached(key, System.nanoTime()));
        return key;
    }

    private Optional<Caller> check(Optional<ApiKeyStore.StoredKey> stored, String secret) {
        if (stored.isEmpty() || !stored.get().usableAt(clock.instant())
                || !MessageDigest.isEqual(stored.get().secretHash(), ApiKeyStore.hash(secret))) {
            return Optional.empty();
        }
        return Optional.of(new Caller("key:" + stored.get().name(), stored.get().scopes()));
    }
}
