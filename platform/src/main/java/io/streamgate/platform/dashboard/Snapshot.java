package io.streamgate.platform.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event of {@code /dashboard/stream}: what the application's meters and health indicators said at {@link #time}.
 * Totals are since the application started; {@code *_per_second} and percentiles are over the interval since the
 * previous event of the same stream (null in a stream's first event, and a percentile is null when nothing was
 * recorded in the interval). Percentiles come from the meters' histogram buckets, interpolated inside a bucket. A part
 * whose meters do not exist in this process (its system is off) is absent or empty.
 *
 * @param time            when the meters were read
 * @param intervalSeconds since the stream's previous event; null in its first
 * @param systems         every system that runs here (it owns a route), by name
 * @param otherRoutes     routes of no system: health, actuator, documentation, 404s
 * @param produce         Kafka produce, per topic this process has published to
 * @param outbox          the transactional outbox, when this process runs it
 * @param consumers       the platform's consumers, per group and topic
 * @param edge            the HTTP listeners
 * @param health          per dependency, its health indicator's status ({@code UP}, {@code DOWN}, ...)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record Snapshot(Instant time, Double intervalSeconds, List<SystemFigures> systems, HttpFigures otherRoutes,
                List<ProduceFigures> produce, OutboxFigures outbox, List<ConsumerFigures> consumers,
                EdgeFigures edge, Map<String, String> health) {

    /**
     * @param name   as {@code @StreamgateSystem} names it
     * @param http   its routes, together
     * @param meters its own meters ({@code streamgate.<name>.*}), by name
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SystemFigures(String name, HttpFigures http, List<MeterFigures> meters) {
    }

    /**
     * {@code http.server.requests} of a group of routes.
     *
     * @param requests          answered since the start
     * @param requestsPerSecond by status class: {@code 2xx}, {@code 3xx}, {@code 4xx}, {@code 5xx}
     * @param p50Ms             median time to answer in the interval
     * @param p99Ms             99th percentile in the interval
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record HttpFigures(long requests, Map<String, Double> requestsPerSecond, Double p50Ms, Double p99Ms) {
    }

    /**
     * A meter of a system, all its tag combinations.
     *
     * @param name        the meter's name, e.g. {@code streamgate.trips.join.late}
     * @param type        {@code counter}, {@code gauge} or {@code timer}
     * @param description the meter's own
     * @param unit        its base unit, if any
     * @param series      one per tag combination
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MeterFigures(String name, String type, String description, String unit, List<Series> series) {
    }

    /**
     * @param tags      the combination, e.g. {@code {"reason": "expired_waiting"}}; empty for a meter without tags
     * @param value     a gauge's value (null when it has none, e.g. NaN); a counter's or a timer's count since the
     *                  start
     * @param perSecond a counter's or a timer's rate in the interval; null for a gauge
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Series(Map<String, String> tags, Double value, Double perSecond) {
    }

    /**
     * {@code streamgate.produce.*} of one topic.
     *
     * @param acknowledged    records the broker acknowledged, since the start
     * @param perSecond       acknowledged in the interval, per second
     * @param p50Ms           publish to acknowledgement, median in the interval
     * @param p99Ms           99th percentile in the interval
     * @param errors          records that could not be published, since the start
     * @param errorsPerSecond in the interval
     * @param errorsByKind    since the start, per {@code PublishException} kind (only kinds that happened)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ProduceFigures(String topic, long acknowledged, Double perSecond, Double p50Ms, Double p99Ms, long errors,
                          Double errorsPerSecond, Map<String, Long> errorsByKind) {
    }

    /**
     * {@code streamgate.outbox.*}.
     *
     * @param waiting            rows not yet published, all replicas
     * @param oldestAgeSeconds   age of the oldest of them
     * @param published          events this replica published since the start
     * @param publishedPerSecond in the interval
     * @param lagP50Ms           append to acknowledgement, median in the interval
     * @param lagP99Ms           99th percentile in the interval
     * @param publishFailures    failed publishes since the start (retried)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record OutboxFigures(Double waiting, Double oldestAgeSeconds, long published, Double publishedPerSecond,
                         Double lagP50Ms, Double lagP99Ms, long publishFailures) {
    }

    /**
     * {@code streamgate.consumer.*} of one subscription.
     *
     * @param consumed          records consumed and committed since the start (applied and duplicates)
     * @param consumedPerSecond in the interval
     * @param lag               per partition assigned to this replica, records behind the end
     * @param deadLettered      records sent to the dead-letter topic since the start
     * @param retries           batches retried after a transient failure since the start
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ConsumerFigures(String group, String topic, long consumed, Double consumedPerSecond, Map<String, Long> lag,
                           long deadLettered, long retries) {
    }

    /**
     * @param connectionsOpen          client connections open, all listeners
     * @param rateLimited              requests refused by the rate limit since the start
     * @param rateLimitedPerSecond     in the interval
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record EdgeFigures(Double connectionsOpen, long rateLimited, Double rateLimitedPerSecond) {
    }
}
