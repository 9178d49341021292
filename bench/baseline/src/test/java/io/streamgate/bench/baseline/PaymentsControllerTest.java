package io.streamgate.bench.baseline;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PaymentsControllerTest {

    private static final String BODY = """
            {"amount": 99.99, "currency": "USD", "customer_id": "CUST-7"}""";

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final WebTestClient client = WebTestClient
            .bindToController(new PaymentsController(producer, JsonMapper.builder().build(), "bench-baseline-payments"))
            .configureClient().responseTimeout(Duration.ofSeconds(60)).build();

    @Test
    void answers201OnlyOnceTheBrokerAckedTheRecordKeyedByCustomer() {
        CompletableFuture<EntityExchangeResult<String>> response = CompletableFuture.supplyAsync(() -> post()
                .expectStatus().isCreated().expectBody(String.class).returnResult());

        await().atMost(Duration.ofSeconds(60)).until(() -> producer.history().size() == 1);
        assertThat(response).isNotDone();
        var sent = producer.history().getFirst();
        assertThat(sent.key()).isEqualTo("CUST-7");
        assertThat(new String(sent.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"amount\":99.99,\"currency\":\"USD\",\"customer_id\":\"CUST-7\"}");

        producer.completeNext();
        assertThat(response.join().getResponseBody()).contains("\"status\":\"published\"");
    }

    @Test
    void answers5xxWhenTheSendFails() {
        CompletableFuture<WebTestClient.ResponseSpec> response = CompletableFuture.supplyAsync(this::post);

        await().atMost(Duration.ofSeconds(60)).until(() -> producer.history().size() == 1);
        producer.errorNext(new TimeoutException("no ack in time"));
        response.join().expectStatus().is5xxServerError();
    }

    private WebTestClient.ResponseSpec post() {
        return client.post().uri("/payments").contentType(MediaType.APPLICATION_JSON).bodyValue(BODY).exchange();
    }
}
