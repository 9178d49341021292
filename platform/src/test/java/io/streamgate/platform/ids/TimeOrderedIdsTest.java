package io.streamgate.platform.ids;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeOrderedIdsTest {

    @Test
    void shouldBeAVersion7UuidOfTheIetfVariantCarryingTheTime() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedIds.next();
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
        assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }

    @Test
    void shouldSortIdsOfLaterMillisecondsAfterEarlierOnesAsStrings() {
        SecureRandom random = new SecureRandom();
        UUID earlier = TimeOrderedIds.at(1_700_000_000_000L, random);
        UUID later = TimeOrderedIds.at(1_700_000_000_001L, random);

        // Postgres orders a text primary key by these strings: ids of later milliseconds go to the index's end.
        assertThat(earlier.toString()).isLessThan(later.toString());
        assertThat(earlier.toString()).startsWith("018bcfe5-6800-7");
    }

    @Test
    void shouldDrawFreshRandomBitsForEveryIdOfTheSameMillisecond() {
        SecureRandom random = new SecureRandom();
        Set<UUID> ids = new HashSet<>();
        Set<Long> randomHalves = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = TimeOrderedIds.at(1_700_000_000_000L, random);
            ids.add(id);
            randomHalves.add(id.getLeastSignificantBits());
        }
        assertThat(ids).hasSize(10_000);
        // Not a counter: consecutive ids of one millisecond do not differ by small steps.
        assertThat(randomHalves).hasSize(10_000);
        UUID first = TimeOrderedIds.at(1_700_000_000_000L, random);
        UUID second = TimeOrderedIds.at(1_700_000_000_000L, random);
        assertThat(Math.abs(second.getLeastSignificantBits() - first.getLeastSignificantBits()))
                .isGreaterThan(1L << 20);
    }

    @Test
    void shouldRefuseATimeOutsideTheFortyEightBitField() {
        assertThatThrownBy(() -> TimeOrderedIds.at(-1, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeOrderedIds.at(1L << 48, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
