package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class VisibilityReportTest {

    @Test
    void theTextStatesFiguresCountsAndTheMeasurementsOwnLoad() {
        Histogram post = new Histogram(3);
        post.recordValue(2_000);
        Histogram visibility = new Histogram(3);
        for (int ms = 1; ms <= 100; ms++) {
            visibility.recordValue(ms * 1_000L);
        }
        Histogram slotWait = new Histogram(3);
        slotWait.recordValue(0);
        slotWait.recordValue(3_000);
        VisibilityReport r = new VisibilityReport(1000, 30, 5, 10, 5, 16, 10_000, 12, 32, 30_000, 1, 2, 5, 3, post,
                3_000, 100, 2_900, visibility, 60_000, 61_000, 4, 7, slotWait, 16, 1.5, 30.0,
                Map.of("read: SocketTimeoutException: Read timed out", 4L));

        assertThat(r.getsPerSecond()).isEqualTo(2_000);
        String text = r.toText();
        assertThat(text).contains("posts         30000  errors 1  non-2xx 2  201 without an id 5  late 3  (late = sent "
                        + "> 1 ms after its intended time; on up to 12 keep-alive connections of at most 32)")
                .contains("sampled       3000  visible 100  not visible within 10000 ms 2900")
                .contains("p50 50.0 ms  p90 90.0 ms  p99 99.0 ms  max 100.0 ms")
                .contains("reads         60000 in the window (2000/s, the measurement's own load), 61000 in all  errors 4")
                .contains("waited for a slot 7  max in flight 16")
                .contains("slot wait     p99 3.0 ms  max 3.0 ms")
                .contains("a poll every 5 ms")
                .contains("tool CPU      5.0 % of one core  (1.50 s of CPU in the 30.0 s window")
                .contains("error cause   4 x read: SocketTimeoutException: Read timed out")
                .doesNotContain("WARNING");
    }

    @Test
    void readsQueuedLongerThanAPollIntervalAreFlaggedAsInflatingTheFigures() {
        Histogram slotWait = new Histogram(3);
        slotWait.recordValue(900_000);
        Histogram some = new Histogram(3);
        some.recordValue(1_000);
        VisibilityReport r = new VisibilityReport(200, 10, 3, 2, 5, 2, 10_000, 8, 8, 2_000, 0, 0, 0, 0, some, 1_000,
                1_000, 0, some, 900, 1_000, 0, 990, slotWait, 2, 0.1, 10.0, Map.of());

        assertThat(r.toText()).contains("WARNING       reads queued for the cap longer than a poll interval");
    }

    @Test
    void anEmptyHistogramReadsAsNoFigureNotAsZero() {
        assertThat(VisibilityReport.ms(new Histogram(3), 99)).isEqualTo("-");
    }
}
