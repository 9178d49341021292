package io.streamgate.devstack;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** What the application's topics get with an embedded cluster of three, one broker, or an external Kafka. */
class ClusterTopicDefaultsTest {

    @Test
    void anEmbeddedClusterOfThreeGivesEveryTopicReplicationThreeAndMinIsrTwo() {
        MockEnvironment environment = new MockEnvironment().withProperty("streamgate.devstack.brokers", "3");
        new ClusterTopicDefaults().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("streamgate.topics.defaults.replication-factor")).isEqualTo("3");
        assertThat(environment.getProperty("streamgate.topics.defaults.min-insync-replicas")).isEqualTo("2");
        assertThat(environment.getProperty("streamgate.streams.replication-factor")).isEqualTo("3");
    }

    @Test
    void aSettingOfTheUserWins() {
        MockEnvironment environment = new MockEnvironment().withProperty("streamgate.devstack.brokers", "3")
                .withProperty("streamgate.topics.defaults.min-insync-replicas", "3");
        new ClusterTopicDefaults().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("streamgate.topics.defaults.min-insync-replicas")).isEqualTo("3");
    }

    @Test
    void oneBrokerOrAnExternalKafkaKeepsTheApplicationsOwnDefaults() {
        MockEnvironment one = new MockEnvironment();
        new ClusterTopicDefaults().postProcessEnvironment(one, null);
        assertThat(one.getPropertySources().contains(ClusterTopicDefaults.SOURCE)).isFalse();

        MockEnvironment external = new MockEnvironment().withProperty("streamgate.devstack.brokers", "3")
                .withProperty("spring.kafka.bootstrap-servers", "kafka:9092");
        new ClusterTopicDefaults().postProcessEnvironment(external, null);
        assertThat(external.getPropertySources().contains(ClusterTopicDefaults.SOURCE)).isFalse();
    }
}
