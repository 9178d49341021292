package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollLimiterTest {

    @Test
    void pollsBeyondTheCapWaitAndRunInArrivalOrderAsSlotsFree() {
        PollLimiter limiter = new PollLimiter(2);
        List<String> ran = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            limiter.submit(() -> ran.add(name));
        }
        assertThat(ran).containsExactly("a", "b");
        assertThat(limiter.inFlight()).isEqualTo(2);
        assertThat(limiter.waiting()).isEqualTo(2);
        assertThat(limiter.queued()).isEqualTo(2);

        limiter.release(); // a's answer: its slot goes to c
        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(limiter.inFlight()).isEqualTo(2);
        limiter.release();
        assertThat(ran).containsExactly("a", "b", "c", "d");
        limiter.release();
        limiter.release();
        assertThat(limiter.inFlight()).isZero();
        assertThat(limiter.maxObserved()).isEqualTo(2);
    }

    @Test
    void aFreedSlotIsReusedWithoutQueueing() {
        PollLimiter limiter = new PollLimiter(1);
        List<Integer> ran = new ArrayList<>();
        limiter.submit(() -> ran.add(1));
        limiter.release();
        limiter.submit(() -> ran.add(2));
        assertThat(ran).containsExactly(1, 2);
        assertThat(limiter.queued()).isZero();
    }

    @Test
    void theCapIsAtLeastOne() {
        assertThatThrownBy(() -> new PollLimiter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
