package io.streamgate.support;

import io.streamgate.platform.avro.SchemaRegistryConnectionDetails;
import io.streamgate.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the end-to-end tests: the application over HTTP, and the Kafka and registry addresses of the stack it runs
 * on, to check what landed in a topic.
 */
@StreamgateIntegrationTest
public abstract class EndToEndTest {

    @Autowired
    protected WebTestClient http;
    @Autowired
    protected KafkaConnectionDetails kafka;
    @Autowired
    protected SchemaRegistryConnectionDetails registry;

    protected String bootstrapServers() {
        return String.join(",", kafka.getBootstrapServers());
    }

    /** Watches {@code topic} from its current end: what the test writes after this call. */
    protected <V extends SpecificRecord> TopicProbe<V> probe(Topic<String, V> topic) {
        return TopicProbe.from(bootstrapServers(), registry.url(), topic);
    }
}
