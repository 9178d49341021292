package io.streamgate.payments;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentBatchesTest {

    private static final UUID KEY_ID = UUID.fromString("6f1c2a0e-8d4b-3c5e-9f70-1a2b3c4d5e6f");

    @Test
    void shouldGiveARetriedBatchWithoutAStoredResponseTheSameItemIds() {
        // A retry whose first attempt never stored its response (it timed out after publishing) recomputes the ids
        // from the key alone: they must be the ones the first attempt published with.
        List<UUID> firstAttempt = IntStream.range(0, 500).mapToObj(i -> PaymentBatches.itemId(KEY_ID, i)).toList();
        List<UUID> retry = IntStream.range(0, 500).mapToObj(i -> PaymentBatches.itemId(KEY_ID, i)).toList();

        assertThat(retry).isEqualTo(firstAttempt);
    }

    @Test
    void shouldGiveEveryItemOfABatchItsOwnId() {
        Set<UUID> ids = new HashSet<>();
        IntStream.range(0, 500).forEach(i -> ids.add(PaymentBatches.itemId(KEY_ID, i)));

        assertThat(ids).hasSize(500).doesNotContain(KEY_ID);
    }

    @Test
    void shouldGiveTheSameItemOfAnotherBatchAnotherId() {
        UUID otherKey = UUID.fromString("6f1c2a0e-8d4b-3c5e-9f70-1a2b3c4d5e70");

        assertThat(PaymentBatches.itemId(otherKey, 0)).isNotEqualTo(PaymentBatches.itemId(KEY_ID, 0));
        assertThat(PaymentBatches.itemId(KEY_ID, 0)).isEqualTo(UUID.nameUUIDFromBytes(
                java.nio.ByteBuffer.allocate(20).putLong(KEY_ID.getMostSignificantBits())
                        .putLong(KEY_ID.getLeastSignificantBits()).putInt(0).array()));
    }
}
