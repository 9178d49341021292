package io.streamgate.trips;

import io.streamgate.platform.edge.Routes;
import io.streamgate.platform.health.ReadyWhen;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.avro.AvroSerdes;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.platform.streams.ManagedKafkaStreams;
import io.streamgate.platform.streams.StreamsApplications;
import io.streamgate.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the trips system (on or off as a whole: {@code StreamgateSystem} on the package); the join alone is off with
 * {@code streamgate.trips.join.enabled=false} (ingest-only replicas).
 */
@Configuration(proxyBeanMethods = false)
class TripsConfiguration {

    /** Its routes publish trip parts to Kafka (the join works in the background: /health shows it). */
    @Bean
    ReadyWhen tripsReadyWhen() {
        return ReadyWhen.up("trips", ReadyWhen.Dependency.KAFKA);
    }

    /** Who may post trip parts when authentication is on (streamgate.security.enabled). */
    @Bean
    Routes tripRoutes() {
        return Routes.of(Routes.pattern("/trips/**").requires("trips:write"));
    }

    @Bean
    TripIntake tripIntake(EventPublisher publisher) {
        return new TripIntake(publisher);
    }

    /** The join, unless this replica only ingests ({@code streamgate.trips.join.enabled=false}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "streamgate.trips.join.enabled", matchIfMissing = true)
    static class JoinConfiguration {

        @Bean
        ManagedKafkaStreams tripsJoin(StreamsApplications applications, AvroSerdes serdes, TripsSettings settings,
                                      ObjectProvider<MeterRegistry> meterRegistry) {
            return join(applications, serdes, settings.join(), meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
        }
    }

    /** The join as a Kafka Streams application, its values through {@code serdes} (the registry). */
    static ManagedKafkaStreams join(StreamsApplications applications, AvroSerdes serdes, TripsSettings.Join settings,
                                    MeterRegistry meters) {
        TripJoinTopology topology = new TripJoinTopology(settings, valueSerdes(serdes), meters);
        return applications.create(settings.applicationId(), topology::build,
                Topics.deadLetterOf(Topics.JOINED_TRIPS.name()));
    }

    /** Contracts in the configured registry mode; the join's private state registers its own schema. */
    static TripJoinTopology.ValueSerdes valueSerdes(AvroSerdes serdes) {
        return new TripJoinTopology.ValueSerdes() {
            @Override
            public <T extends SpecificRecord> Serde<T> of(Class<T> type) {
                return serdes.specific(type, false);
            }

            @Override
            public <T extends SpecificRecord> Serde<T> state(Class<T> type) {
                return serdes.internal(type);
            }
        };
    }
}
