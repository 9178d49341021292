package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void intendedTimesAreEvenlySpacedFromTheStart() {
        RateSchedule s = new RateSchedule(1_000, 5_000);
        assertThat(s.intendedNanos(0)).isEqualTo(1_000);
        assertThat(s.intendedNanos(1)).isEqualTo(1_000 + 200_000);
        assertThat(s.intendedNanos(5_000)).isEqualTo(1_000 + SECOND);
    }

    @Test
    void noDriftOverALongRunEvenWhenThePeriodIsNotAWholeNanosecond() {
        RateSchedule s = new RateSchedule(0, 3); // period 333,333,333.3 ns
        assertThat(s.intendedNanos(3 * 3600)).isEqualTo(3600 * SECOND);
        assertThat(s.intendedNanos(1)).isEqualTo(333_333_333);
        assertThat(s.intendedNanos(2)).isEqualTo(666_666_667);
    }

    @Test
    void slotsBeforeCountsRequestsIntendedStrictlyBeforeTheEnd() {
        RateSchedule s = new RateSchedule(500, 5_000);
        assertThat(s.slotsBefore(500 + 30 * SECOND)).isEqualTo(150_000);
        assertThat(s.slotsBefore(500 + 30 * SECOND + 1)).isEqualTo(150_001);
        assertThat(s.slotsBefore(500)).isZero();
        assertThat(s.slotsBefore(501)).isEqualTo(1);
        assertThat(new RateSchedule(0, 0.5).slotsBefore(3 * SECOND)).isEqualTo(2); // at 0 s and 2 s
    }

    @Test
    void lateMeansBeyondTheTolerance() {
        assertThat(RateSchedule.isLate(1_000, 1_000 + 1_000_000, 1_000_000)).isFalse();
        assertThat(RateSchedule.isLate(1_000, 1_000 + 1_000_001, 1_000_000)).isTrue();
        assertThat(RateSchedule.isLate(1_000, 0, 1_000_000)).isFalse();
    }

    @Test
    void rateMustBePositive() {
        assertThatThrownBy(() -> new RateSchedule(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateSchedule(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
