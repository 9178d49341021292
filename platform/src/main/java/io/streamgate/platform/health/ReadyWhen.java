package io.streamgate.platform.health;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a system's routes need to answer, declared by the system as one bean: the deployment that runs it is ready
 * ({@code /readyz}, Boot's {@code readiness} group) while these are up, and only these. A process running several systems
 * is ready while every dependency any of them declared is up. {@code /health} and {@code /actuator/health} still show
 * every dependency and background worker (consumers, Kafka Streams, the outbox): readiness decides where requests go,
 * and a request that needs nothing that is down must still reach the pod.
 * <p>
 * For example, orders writes Postgres only (the outbox keeps the events while Kafka is away), so an orders deployment
 * stays ready through a Kafka outage and keeps answering 201; payments answers 201 only after the broker's ack, so a
 * payments deployment leaves the Service while Kafka is unreachable.
 *
 * @param system       the system's name, for the start-up log
 * @param dependencies what its routes need; none: ready whenever the application is
 */
public record ReadyWhen(String system, Set<Dependency> dependencies) {

    /** A dependency a route may need, by the name of its health contributor. */
    public enum Dependency {
        /** The Kafka cluster ({@code kafka}: the availability probe's last answer). */
        KAFKA("kafka"),
        /** The application's Postgres ({@code db}: Boot's indicator, run as a shared check). */
        DATABASE("db");

        private final String contributor;

        Dependency(String contributor) {
            this.contributor = contributor;
        }

        /** The health contributor's name in {@code /actuator/health}. */
        public String contributor() {
            return contributor;
        }
    }

    public ReadyWhen {
        Objects.requireNonNull(system, "system");
        dependencies = Set.copyOf(dependencies);
    }

    /** {@code system}'s routes answer while {@code dependencies} are up. */
    public static ReadyWhen up(String system, Dependency... dependencies) {
        return new ReadyWhen(system, Set.of(dependencies));
    }

    /** The health contributors' names, in the enum's order. */
    List<String> contributors() {
        return Arrays.stream(Dependency.values()).filter(dependencies::contains).map(Dependency::contributor).toList();
    }
}
