package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class EveryKthTest {

    @Test
    void aTenthSamplesEveryTenthOrderStartingWithTheFirst() {
        EveryKth sample = EveryKth.ofShare(0.1);
        assertThat(sample.k()).isEqualTo(10);
        assertThat(LongStream.range(0, 1_000).filter(sample::sampled).count()).isEqualTo(100);
        assertThat(LongStream.range(0, 30).filter(sample::sampled).boxed()).containsExactly(0L, 10L, 20L);
    }

    @Test
    void aShareThatIsNotAUnitFractionRoundsToTheNearestK() {
        assertThat(EveryKth.ofShare(0.3).k()).isEqualTo(3);
        assertThat(EveryKth.ofShare(0.3).share()).isEqualTo(1.0 / 3);
        assertThat(EveryKth.ofShare(1).k()).isEqualTo(1);
        assertThat(EveryKth.ofShare(0.0001).k()).isEqualTo(10_000);
    }

    @Test
    void sharesOutsideZeroToOneAreRejected() {
        assertThatThrownBy(() -> EveryKth.ofShare(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EveryKth.ofShare(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EveryKth.ofShare(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
