package io.streamgate.trips;

import io.streamgate.platform.streams.ManagedKafkaStreams;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.SecondApplication;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code streamgate.trips.enabled=false} switches the whole system off, its join included: a deployment of another
 * system must not run a Kafka Streams application it does not own. (The join's configuration is a nested class that
 * component scanning finds on its own, so the outer class's switch alone did not reach it.)
 */
class TripsSwitchTest extends EndToEndTest {

    @Test
    void shouldRunNeitherTheRoutesNorTheJoinWhenTripsIsOff() {
        // The join's own switch on (the test configuration turns it off for every other context): only the system's
        // switch may keep it from running.
        try (ConfigurableApplicationContext app = SecondApplication.start("--streamgate.trips.enabled=false",
                "--streamgate.trips.join.enabled=true",
                "--streamgate.trips.join.application-id=trips-switch-test-" + UUID.randomUUID(),
                "--streamgate.streams.close-timeout=5s",
                "--streamgate.payments.enabled=false", "--streamgate.orders.enabled=false",
                "--streamgate.orderdetails.enabled=false", "--streamgate.submissions.enabled=false")) {
            assertThat(app.getBeansOfType(ManagedKafkaStreams.class)).isEmpty();
            assertThat(app.getBeansOfType(TripsController.class)).isEmpty();
            SecondApplication.clientOf(app).post().uri("/trips/requested").header("Content-Type", "application/json")
                    .bodyValue("{}").exchange().expectStatus().isNotFound();
        }
    }
}
