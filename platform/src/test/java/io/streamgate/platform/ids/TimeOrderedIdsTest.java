package io.streamgate.platform.ids;

import io.streamgate.platform.ids.TimeOrderedIds.RandomBlock;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
        RandomBlock random = new RandomBlock(new SecureRandom());
        UUID earlier = TimeOrderedIds.at(1_700_000_000_000L, random);
        UUID later = TimeOrderedIds.at(1_700_000_000_001L, random);

        // Postgres orders a text primary key by these strings: ids of later milliseconds go to the index's end.
        assertThat(earlier.toString()).isLessThan(later.toString());
        assertThat(earlier.toString()).startsWith("018bcfe5-6800-7");
    }

    @Test
    void shouldDrawFreshRandomBitsForEveryIdOfTheSameMillisecond() {
        RandomBlock random = new RandomBlock(new SecureRandom());
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
    void shouldGiveEveryIdBytesOfItsOwnAcrossBlockBoundariesWithOneGeneratorRequestPerBlock() {
        // A generator whose output is a running count of 8-byte words, so each id's random bits say which words it got.
        CountingGenerator generator = new CountingGenerator();
        RandomBlock random = new RandomBlock(generator);

        for (long i = 0; i < 10_000; i++) {
            UUID id = TimeOrderedIds.at(1_700_000_000_000L, random);

            assertThat(id.getMostSignificantBits() & 0x0FFFL).as("rand_a of id %d", i).isEqualTo((2 * i) & 0x0FFFL);
            assertThat(id.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL).as("rand_b of id %d", i)
                    .isEqualTo(2 * i + 1);
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
        }
        assertThat(generator.requests).isEqualTo(10_000 / TimeOrderedIds.IDS_PER_BLOCK);
    }

    @Test
    void shouldMakeDistinctWellFormedIdsOverManyBlocksOnOneThreadAndAcrossThreads() throws Exception {
        CompletableFuture<List<UUID>> elsewhere = CompletableFuture.supplyAsync(
                TimeOrderedIdsTest::tenThousandIds, runnable -> Thread.ofPlatform().start(runnable));
        List<UUID> here = tenThousandIds();

        Set<UUID> all = new HashSet<>(here);
        assertThat(all).hasSize(10_000);
        all.addAll(elsewhere.get(60, TimeUnit.SECONDS));
        assertThat(all).hasSize(20_000);
        assertThat(all).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
        });
    }

    @Test
    void shouldRefuseATimeOutsideTheFortyEightBitField() {
        RandomBlock random = new RandomBlock(new SecureRandom());
        assertThatThrownBy(() -> TimeOrderedIds.at(-1, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeOrderedIds.at(1L << 48, random)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<UUID> tenThousandIds() {
        List<UUID> ids = new ArrayList<>(10_000);
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.next());
        }
        return ids;
    }

    /** Fills each request with the next big-endian 8-byte words of 0, 1, 2, ... and counts the requests. */
    private static final class CountingGenerator extends SecureRandom {

        private long word;
        private int requests;

        @Override
        public void nextBytes(byte[] bytes) {
            requests++;
            ByteBuffer out = ByteBuffer.wrap(bytes);
            while (out.hasRemaining()) {
                out.putLong(word++);
            }
        }
    }
}
