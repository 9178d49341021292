package io.streamgate.platform.idempotency;

import io.streamgate.platform.problems.ApiProblem;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyKeyTest {

    @Test
    void shouldDeriveTheSameIdOnEveryRetryOfAKey() {
        UUID first = IdempotencyKey.of("POST /payments|-", "order-7").derivedUuid();
        UUID retry = IdempotencyKey.of("POST /payments|-", "order-7").derivedUuid();

        assertThat(retry).isEqualTo(first);
        // Name-based (version 3), so it is stable across JVMs and releases, not just within one process.
        assertThat(first.version()).isEqualTo(3);
        assertThat(first).isEqualTo(UUID.nameUUIDFromBytes("POST /payments|-\norder-7".getBytes()));
    }

    @Test
    void shouldDeriveDifferentIdsForAnotherKeyOrAnotherScope() {
        UUID id = IdempotencyKey.of("POST /payments|-", "order-7").derivedUuid();

        assertThat(IdempotencyKey.of("POST /payments|-", "order-8").derivedUuid()).isNotEqualTo(id);
        assertThat(IdempotencyKey.of("POST /payments|abc", "order-7").derivedUuid()).isNotEqualTo(id);
        assertThat(IdempotencyKey.of("POST /orders|-", "order-7").derivedUuid()).isNotEqualTo(id);
    }

    @Test
    void shouldNotLetScopeAndKeyBleedIntoEachOther() {
        // "a|" + "b" and "a" + "|b" must not collide: the separator is a newline, which a key cannot contain.
        assertThat(IdempotencyKey.of("a|", "b").derivedUuid()).isNotEqualTo(IdempotencyKey.of("a", "|b").derivedUuid());
    }

    @Test
    void shouldRejectABlankTooLongOrNonAsciiKeyAs400() {
        for (String bad : new String[] {null, "", "two words", "k".repeat(256), "clé", "tab\tkey"}) {
            assertThatThrownBy(() -> IdempotencyKey.of("POST /payments|-", bad))
                    .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                        assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                        assertThat(problem.detail()).contains(IdempotencyKey.HEADER);
                    });
        }
        assertThat(IdempotencyKey.of("s", "k".repeat(255)).value()).hasSize(255);
    }
}
