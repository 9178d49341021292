package io.streamgate.platform.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Makes Boot's {@code readiness} group (what {@code /readyz} answers) hold, besides what configuration includes
 * ({@code readinessState}), the dependencies the running systems' routes need ({@link ReadyWhen} beans), and nothing
 * else: not the consumers, the Kafka Streams applications or the outbox, which work in the background and show in
 * {@code /health}. Everything else about the group (its path, its status mapping) stays Boot's.
 */
final class ReadinessByRoutes implements HealthEndpointGroupsPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(ReadinessByRoutes.class);
    static final String READINESS = "readiness";

    private final ObjectProvider<ReadyWhen> declarations;

    ReadinessByRoutes(ObjectProvider<ReadyWhen> declarations) {
        this.declarations = declarations;
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        HealthEndpointGroup readiness = groups.get(READINESS);
        if (readiness == null) {
            return groups;
        }
        Map<String, Set<String>> bySystem = new LinkedHashMap<>();
        declarations.orderedStream().forEach(declared ->
                bySystem.put(declared.system(), new TreeSet<>(declared.contributors())));
        Set<String> needed = bySystem.values().stream().flatMap(Set::stream)
                .collect(Collectors.toCollection(TreeSet::new));
        log.info("Readiness (/readyz) follows what the routes need: {} {}", needed.isEmpty() ? "nothing" : needed,
                bySystem);
        Map<String, HealthEndpointGroup> all = new LinkedHashMap<>();
        for (String name : groups.getNames()) {
            all.put(name, groups.get(name));
        }
        all.put(READINESS, new RoutesReadiness(readiness, Set.copyOf(needed)));
        return HealthEndpointGroups.of(groups.getPrimary(), all);
    }

    /** Boot's readiness group, with the routes' dependencies as members too. */
    private record RoutesReadiness(HealthEndpointGroup configured, Set<String> needed) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return needed.contains(name) || configured.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return configured.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return configured.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return configured.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return configured.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return configured.getAdditionalPath();
        }
    }
}
