package io.streamgate.bench.baseline;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;

/** {@code POST /payments}: the body Streamgate's route takes, sent as JSON, answered 201 once the broker acked it. */
@RestController
class PaymentsController {

    record Payment(BigDecimal amount, String currency, @JsonProperty("customer_id") String customerId) {
    }

    record Accepted(String status, String topic, int partition, long offset) {
    }

    private final Producer<String, byte[]> producer;
    private final JsonMapper json;
    private final String topic;

    PaymentsController(Producer<String, byte[]> producer, JsonMapper json, @Value("${baseline.topic}") String topic) {
        this.producer = producer;
        this.json = json;
        this.topic = topic;
    }

    @PostMapping("/payments")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Accepted> create(@RequestBody Payment payment) {
        byte[] value = json.writeValueAsBytes(payment);
        // A send that throws (buffer full past max.block.ms) fails the Mono too: Mono.create turns it into an error.
        return Mono.create(sink -> producer.send(new ProducerRecord<>(topic, payment.customerId(), value),
                (metadata, failure) -> {
                    if (failure != null) {
                        sink.error(failure);
                    } else {
                        sink.success(new Accepted("published", metadata.topic(), metadata.partition(), metadata.offset()));
                    }
                }));
    }
}
