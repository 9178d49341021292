package io.streamgate.platform.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.AppInfoParser;

import java.util.List;
import java.util.Map;

/**
 * {@link KafkaClientStatus} over {@link KafkaAvailability} and the configuration the shared producer was built from,
 * parsed by the client's own {@code ConfigDef} so that unset settings show their effective defaults.
 */
final class KafkaClientStatusView implements KafkaClientStatus {

    private final KafkaAvailability availability;
    private final List<String> bootstrapServers;
    private final ProducerSettings producer;

    KafkaClientStatusView(KafkaAvailability availability, Map<String, Object> producerConfig) {
        this.availability = availability;
        Map<String, Object> effective = ProducerConfig.configDef().parse(producerConfig);
        this.bootstrapServers = stringList(effective.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        this.producer = new ProducerSettings(
                String.valueOf(effective.get(ProducerConfig.ACKS_CONFIG)),
                (Boolean) effective.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG),
                number(effective, ProducerConfig.RETRIES_CONFIG).intValue(),
                number(effective, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG).intValue(),
                number(effective, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG).intValue(),
                number(effective, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION).intValue(),
                number(effective, ProducerConfig.LINGER_MS_CONFIG).longValue(),
                String.valueOf(effective.get(ProducerConfig.COMPRESSION_TYPE_CONFIG)),
                String.valueOf(effective.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)),
                String.valueOf(effective.get(ProducerConfig.CLIENT_ID_CONFIG)),
                AppInfoParser.getVersion());
    }

    @Override
    public Connection connection() {
        KafkaAvailability.State state = availability.state();
        return new Connection(state.available(), bootstrapServers, state.nodeCount(), state.clusterId(),
                state.available() ? null : state.lastError(), state.since());
    }

    @Override
    public ProducerSettings producer() {
        return producer;
    }

    private static Number number(Map<String, Object> config, String key) {
        return (Number) config.get(key);
    }

    private static List<String> stringList(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
