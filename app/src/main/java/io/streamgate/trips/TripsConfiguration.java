package io.streamgate.trips;

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
 * Wires the trips system; off with {@code streamgate.trips.enabled=false}, the join alone off with
 * {@code streamgate.trips.join.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "streamgate.trips.enabled", matchIfMissing = true)
class TripsConfiguration {

    @Bean
    TripIntake tripIntake(EventPublisher publisher) {
        return new TripIntake(publisher);
    }

    /**
     * Both switches here, not only the join's: component scanning finds this nested class on its own, and then the
     * outer class's condition does not apply to it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = {"streamgate.trips.enabled", "streamgate.trips.join.enabled"},
            matchIfMissing = true)
    static class JoinConfiguration {

        @Bean
        ManagedKafkaStreams tripsJoin(StreamsApplications applications, AvroSerdes serdes, TripsSettings settings,
                                      ObjectProvider<MeterRegistry> meterRegistry) {
            TripJoinTopology topology = new TripJoinTopology(settings.join(),
                    new TripJoinTopology.ValueSerdes() {
                        @Override
                        public <T extends SpecificRecord> Serde<T> of(Class<T> type) {
                            return serdes.specific(type, false);
                        }

                        @Override
                        public <T extends SpecificRecord> Serde<T> state(Class<T> type) {
                            return serdes.internal(type);
                        }
                    },
                    meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
            return applications.create(settings.join().applicationId(), topology::build,
                    Topics.deadLetterOf(Topics.JOINED_TRIPS.name()));
        }
    }
}
