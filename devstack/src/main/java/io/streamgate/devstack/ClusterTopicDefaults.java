package io.streamgate.devstack;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import java.util.Map;

/**
 * With an embedded cluster of three ({@code streamgate.devstack.brokers=3}), every topic the application creates gets
 * replication 3 and min ISR 2, as in production: the topic catalogue's defaults and Kafka Streams' internal topics.
 * These are defaults, added last: any {@code streamgate.topics.*} or {@code streamgate.streams.replication-factor}
 * set anywhere else wins. Nothing happens with one broker or an external Kafka.
 */
public class ClusterTopicDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "streamgateDevStackClusterTopicDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean embeddedKafka = environment.getProperty("streamgate.devstack.enabled", Boolean.class, true)
                && !StringUtils.hasText(environment.getProperty(DevStackAutoConfiguration.KAFKA_PROPERTY));
        if (!embeddedKafka || environment.getProperty("streamgate.devstack.brokers", Integer.class, 1) < 3) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(
                "streamgate.topics.defaults.replication-factor", "3",
                "streamgate.topics.defaults.min-insync-replicas", "2",
                "streamgate.streams.replication-factor", "3")));
    }
}
