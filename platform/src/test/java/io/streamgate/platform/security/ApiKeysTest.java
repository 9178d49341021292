package io.streamgate.platform.security;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {

    private static final UUID ID = UUID.fromString("0192f3a4-5b6c-7d8e-9f00-112233445566");
    private static final String SECRET = "A".repeat(43);
    private static final String KEY = ApiKeyStore.PREFIX + ID.toString().replace("-", "") + "_" + SECRET;
    private static final ApiKeyStore.StoredKey STORED = new ApiKeyStore.StoredKey(ID, "billing",
            ApiKeyStore.hash(SECRET), Set.of("payments:write"), null, null);

    /** A key's row that takes until {@code release} to read, and counts its reads. */
    private static final class SlowRow {
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        Optional<ApiKeyStore.StoredKey> find(UUID id) {
            reads.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return id.equals(ID) ? Optional.of(STORED) : Optional.empty();
        }
    }

    @Test
    void shouldReadTheRowOnceWhileManyRequestsForTheSameKeyMissTheCacheAtOnce() {
        SlowRow row = new SlowRow();
        ApiKeys keys = new ApiKeys(row::find, Duration.ofSeconds(10), Clock.systemUTC());

        List<CompletableFuture<Optional<Caller>>> requests = IntStream.range(0, 64)
                .mapToObj(request -> keys.authenticate(KEY).toFuture())
                .toList();
        row.release.countDown();
        List<Optional<Caller>> callers = requests.stream().map(CompletableFuture::join).toList();

        assertThat(row.reads).hasValue(1);
        assertThat(callers).hasSize(64)
                .allSatisfy(caller -> assertThat(caller).contains(new Caller("key:billing", Set.of("payments:write"))));
    }

    @Test
    void shouldNotFailTheOtherWaitersWhenOneRequestGoesAway() {
        SlowRow row = new SlowRow();
        ApiKeys keys = new ApiKeys(row::find, Duration.ofSeconds(10), Clock.systemUTC());

        Disposable gone = keys.authenticate(KEY).subscribe();
        Mono<Optional<Caller>> waiting = keys.authenticate(KEY);
        gone.dispose();
        row.release.countDown();

        assertThat(waiting.block(Duration.ofSeconds(10))).isPresent();
        assertThat(row.reads).hasValue(1);
    }

    @Test
    void shouldReadAgainAfterAFailedRead() {
        AtomicInteger reads = new AtomicInteger();
        ApiKeys keys = new ApiKeys(id -> {
            if (reads.incrementAndGet() == 1) {
                throw new IllegalStateException("database unreachable");
            }
            return Optional.of(STORED);
        }, Duration.ofSeconds(10), Clock.systemUTC());

        assertThatThrownBy(() -> keys.authenticate(KEY).block(Duration.ofSeconds(10)))
                .hasMessageContaining("database unreachable");
        assertThat(keys.authenticate(KEY).block(Duration.ofSeconds(10))).isPresent();
        assertThat(keys.authenticate(KEY).block(Duration.ofSeconds(10))).isPresent();
        assertThat(reads).hasValue(2);
    }

    @Test
    void shouldReadAgainOnceTheEntryExpires() {
        AtomicInteger reads = new AtomicInteger();
        ApiKeys keys = new ApiKeys(id -> {
            reads.incrementAndGet();
            return Optional.of(STORED);
        }, Duration.ZERO, Clock.systemUTC());

        keys.authenticate(KEY).block(Duration.ofSeconds(10));
        keys.authenticate(KEY).block(Duration.ofSeconds(10));

        assertThat(reads).hasValue(2);
    }

    @Test
    void shouldRefuseAWrongSecretFromTheCachedRow() {
        AtomicInteger reads = new AtomicInteger();
        ApiKeys keys = new ApiKeys(id -> {
            reads.incrementAndGet();
            return Optional.of(STORED);
        }, Duration.ofSeconds(10), Clock.systemUTC());

        assertThat(keys.authenticate(KEY).block(Duration.ofSeconds(10))).isPresent();
        String wrong = KEY.substring(0, KEY.length() - 1) + "B";
        assertThat(keys.authenticate(wrong).block(Duration.ofSeconds(10))).isEmpty();
        assertThat(reads).hasValue(1);
    }
}
