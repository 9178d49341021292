package io.streamgate.platform.streams;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadReplacementBackoffTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ThreadReplacementBackoff backoff = new ThreadReplacementBackoff(now::get);

    @Test
    void shouldReplaceAtOnceFirstThenPauseLongerForAFailureThatPersists() {
        assertThat(pauses(7)).containsExactly(0L, 1L, 2L, 4L, 8L, 8L, 8L);
    }

    @Test
    void shouldStartOverAfterAQuietPeriod() {
        pauses(4);

        now.addAndGet(ThreadReplacementBackoff.QUIET.plusSeconds(1).toNanos());

        assertThat(pauses(2)).containsExactly(0L, 1L);
    }

    /** The pauses of {@code failures} failures, each one the previous pause plus a second of restarting after it. */
    private Long[] pauses(int failures) {
        Long[] seconds = new Long[failures];
        for (int i = 0; i < failures; i++) {
            Duration pause = backoff.nextPause();
            seconds[i] = pause.toSeconds();
            now.addAndGet(pause.plusSeconds(1).toNanos());
        }
        return seconds;
    }
}
