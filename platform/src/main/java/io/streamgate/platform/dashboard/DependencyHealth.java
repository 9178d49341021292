package io.streamgate.platform.dashboard;

import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The status of each dependency's health indicator, by the names {@code /health} reports them under: Kafka, the
 * schema registry, Postgres, then the platform's outbox, consumers and Kafka Streams where this process runs them.
 * Blocking indicators are shared checks with a bounded wait (the health package's), so one reading takes at most that
 * long.
 */
final class DependencyHealth {

    /** Contributor name to the name the dashboard (and {@code /health}) shows. */
    private static final Map<String, String> DEPENDENCIES = orderedMap(
            "kafka", "kafka", "schemaRegistry", "schema_registry", "db", "postgres",
            "outbox", "outbox", "consumers", "consumers", "streams", "streams");

    private DependencyHealth() {
    }

    static Map<String, String> of(HealthContributorRegistry registry) {
        Map<String, String> statuses = new LinkedHashMap<>();
        if (registry == null) {
            return statuses;
        }
        DEPENDENCIES.forEach((contributor, label) -> {
            HealthContributor found = registry.getContributor(contributor);
            if (found instanceof HealthIndicator indicator) {
                String status;
                try {
                    status = indicator.health(false).getStatus().getCode();
                } catch (RuntimeException e) {
                    status = "DOWN";
                }
                statuses.put(label, status);
            }
        });
        return statuses;
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
