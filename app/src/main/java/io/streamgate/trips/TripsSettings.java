package io.streamgate.trips;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code streamgate.trips.*}
 *
 * @param batchMaxItems  the most parts one {@code POST /trips/<stream>/batch} may carry
 * @param join  the Kafka Streams join
 */
@ConfigurationProperties("streamgate.trips")
public record TripsSettings(
        @DefaultValue("500") int batchMaxItems,
        @DefaultValue Join join) {

    /**
     * @param applicationId  the Kafka Streams application id: instances with the same id share the partitions
     * @param partialTimeout  how long a trip waits for its missing parts, from the arrival of its first part
     *                        (wall-clock); then its parts go to {@code hw.fake.trip-parts-late} as EXPIRED_WAITING
     * @param closedRetention  how long a joined or expired trip is remembered, so that a part arriving later is
     *                         recognised as late (and a duplicate is not joined again); after that its entry is purged
     * @param punctuateInterval  how often expiry and purging run (wall-clock)
     */
    public record Join(
            @DefaultValue("streamgate-trips-join") String applicationId,
            @DefaultValue("5m") Duration partialTimeout,
            @DefaultValue("1h") Duration closedRetention,
            @DefaultValue("1s") Duration punctuateInterval) {
    }
}
