package io.streamgate.platform.dashboard;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Percentiles of an interval from the cumulative buckets the Prometheus registry keeps: the difference of two
 * readings, added up over timers, interpolated inside a bucket as Prometheus' {@code histogram_quantile} does.
 */
class BucketsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private Timer timer(String uri) {
        return Timer.builder("http.server.requests").tag("uri", uri)
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(50), Duration.ofMillis(100))
                .register(registry);
    }

    private static void record(Timer timer, int times, long millis) {
        for (int i = 0; i < times; i++) {
            timer.record(Duration.ofMillis(millis));
        }
    }

    @Test
    void shouldInterpolateAQuantileInsideItsBucket() {
        Timer timer = timer("/a");
        record(timer, 50, 3);   // (1, 5]
        record(timer, 50, 30);  // (10, 50]

        Buckets buckets = Buckets.of(timer.takeSnapshot());

        assertThat(buckets.total()).isEqualTo(100);
        // The 50th of 100 values is the last of the (1, 5] bucket: its upper bound.
        assertThat(buckets.quantile(0.5)).isCloseTo(5.0, within(1e-9));
        // The 99th lies 49/50 of the way through (10, 50].
        assertThat(buckets.quantile(0.99)).isCloseTo(10 + 40 * 49.0 / 50, within(1e-9));
    }

    @Test
    void shouldGiveOnlyWhatWasRecordedSinceAnEarlierReading() {
        Timer timer = timer("/a");
        record(timer, 1000, 80);
        Buckets earlier = Buckets.of(timer.takeSnapshot());
        record(timer, 10, 2);

        Buckets interval = Buckets.of(timer.takeSnapshot()).since(earlier);

        assertThat(interval.total()).isEqualTo(10);
        assertThat(interval.quantile(0.99)).as("the thousand slow ones are older").isLessThanOrEqualTo(5.0);
        assertThat(Buckets.of(timer.takeSnapshot()).since(Buckets.of(timer.takeSnapshot())).quantile(0.5))
                .as("nothing recorded in between").isNull();
    }

    @Test
    void shouldAddUpTheTimersOfAGroup() {
        Timer fast = timer("/fast");
        Timer slow = timer("/slow");
        record(fast, 98, 2);
        record(slow, 2, 70);

        Buckets both = Buckets.of(fast.takeSnapshot()).plus(Buckets.of(slow.takeSnapshot()));

        assertThat(both.total()).isEqualTo(100);
        assertThat(both.quantile(0.5)).isLessThanOrEqualTo(5.0);
        assertThat(both.quantile(0.99)).isGreaterThan(50.0).isLessThanOrEqualTo(100.0);
    }

    @Test
    void shouldReadAResetAsNothingAndAValueAboveTheLastBoundAsThatBound() {
        Timer timer = timer("/a");
        record(timer, 5, 3);
        Buckets before = Buckets.of(timer.takeSnapshot());
        Timer fresh = timer("/b");
        record(fresh, 1, 3);

        assertThat(Buckets.of(fresh.takeSnapshot()).since(before).quantile(0.5)).as("counts went down").isNull();

        Timer over = timer("/c");
        record(over, 1, 5_000);
        assertThat(Buckets.of(over.takeSnapshot()).quantile(0.99)).isEqualTo(100.0);
    }
}
