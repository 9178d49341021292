package io.streamgate.platform.edge;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void shouldAllowTheBurstThenTellHowLongToWait() {
        TokenBucket bucket = new TokenBucket(2, 4, 0);
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isEqualTo(SECOND / 4);
    }

    @Test
    void shouldRefillAtTheConfiguredRateUpToItsCapacity() {
        TokenBucket bucket = new TokenBucket(2, 4, 0);
        bucket.tryTake(0);
        bucket.tryTake(0);
        assertThat(bucket.tryTake(SECOND / 4)).isZero();
        assertThat(bucket.isFull(10 * SECOND)).isTrue();
        assertThat(bucket.tryTake(10 * SECOND)).isZero();
        assertThat(bucket.tryTake(10 * SECOND)).isZero();
        assertThat(bucket.tryTake(10 * SECOND)).isPositive();
    }
}
