package io.streamgate.bench.baseline;

import io.streamgate.platform.kafka.StreamgateKafkaProperties;
import io.streamgate.platform.kafka.KafkaClientSettings;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison is only fair while both producers batch, compress and acknowledge alike. */
class ProducerSettingsTest {

    /** Settings that must differ or are spelt differently: the client's name, the address, the serializers. */
    private static final List<String> NOT_COMPARED = List.of(ProducerConfig.CLIENT_ID_CONFIG,
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    @Test
    void baselineProducerHasTheSettingsOfStreamgatesPlatformProducerWithItsDefaults() {
        KafkaConnectionDetails connection = () -> List.of("127.0.0.1:9092");
        Map<String, Object> platform = new HashMap<>(KafkaClientSettings.producer(new KafkaProperties(), connection,
                StreamgateKafkaProperties.defaults()));
        Map<String, Object> baseline = new HashMap<>(BaselineApplication.producerConfig("127.0.0.1:9092"));
        NOT_COMPARED.forEach(key -> {
            platform.remove(key);
            baseline.remove(key);
        });

        assertThat(baseline).isEqualTo(platform);
    }
}
