package io.streamgate.payments;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.payments.Payment;
import io.streamgate.support.Bodies;
import io.streamgate.support.RawRecords;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PaymentsApiTest extends EndToEndTest {

    TopicProbe<Payment> payments;

    @BeforeEach
    void openProbe() {
        payments = probe(Topics.PAYMENTS);
    }

    @AfterEach
    void closeProbe() {
        payments.close();
    }

    @Test
    void shouldPublishTheSeedsCurlPaymentAsAvroKeyedByCustomerWithTheRequestId() {
        Map<String, Object> receipt = http.post().uri("/payments")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Request-ID", "req-seed-000")
                .bodyValue("""
                        {
                          "amount": 99.99,
                          "currency": "USD",
                          "customer_id": "CUST-1234"
                        }""")
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("X-Request-ID", "req-seed-000")
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();

        assertThat(receipt).containsEntry("status", "delivered").containsEntry("customer_id", "CUST-1234")
                .containsEntry("currency", "USD").containsEntry("request_id", "req-seed-000")
                .containsEntry("topic", "payments");
        UUID paymentId = UUID.fromString((String) receipt.get("payment_id"));

        ConsumerRecord<String, Payment> record = payments.awaitRecord(r -> r.value().getPaymentId().equals(paymentId));
        assertThat(record.key()).isEqualTo("CUST-1234");
        assertThat(record.partition()).isEqualTo(((Number) receipt.get("partition")).intValue());
        assertThat(record.offset()).isEqualTo(((Number) receipt.get("offset")).longValue());
        Payment payment = record.value();
        assertThat(payment.getAmount()).isEqualTo(new BigDecimal("99.99"));
        assertThat(payment.getCurrency()).isEqualTo("USD");
        assertThat(payment.getCustomerId()).isEqualTo("CUST-1234");
        assertThat(payment.getRequestId()).isEqualTo("req-seed-000");
        assertThat(new String(record.headers().lastHeader("X-Request-ID").value(), StandardCharsets.UTF_8))
                .isEqualTo("req-seed-000");
    }

    @Test
    void shouldWriteTheConfluentWireFormatThatAnyRegistryAwareConsumerDecodes() throws Exception {
        Map<String, Object> receipt = http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amount\": 7.25, \"currency\": \"USD\", \"customer_id\": \"WIRE-1\"}")
                .exchange().expectStatus().isCreated()
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();

        // Decoded the way a foreign consumer would: raw bytes, the registry's REST API, plain Avro.
        byte[] value = RawRecords.valueAt(bootstrapServers(), "payments",
                ((Number) receipt.get("partition")).intValue(), ((Number) receipt.get("offset")).longValue());
        assertThat(value[0]).isZero();
        int schemaId = java.nio.ByteBuffer.wrap(value, 1, 4).getInt();
        org.apache.avro.Schema writer = RawRecords.schemaFromRegistry(registry.url(), schemaId);
        org.apache.avro.generic.GenericRecord record = new org.apache.avro.generic.GenericDatumReader<
                org.apache.avro.generic.GenericRecord>(writer).read(null,
                org.apache.avro.io.DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
        assertThat(record.get("customer_id").toString()).isEqualTo("WIRE-1");
        assertThat(record.get("payment_id").toString()).isEqualTo(receipt.get("payment_id"));
        java.nio.ByteBuffer amount = (java.nio.ByteBuffer) record.get("amount");
        assertThat(new BigDecimal(new java.math.BigInteger(java.util.Arrays.copyOfRange(amount.array(),
                amount.arrayOffset() + amount.position(), amount.arrayOffset() + amount.limit())), 2))
                .isEqualTo(new BigDecimal("7.25"));
    }

    @Test
    void shouldKeepMoneyExactAndGenerateARequestIdWhenTheClientSendsNone() {
        Map<String, Object> receipt = http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amount\": 0.1, \"currency\": \"EUR\", \"customer_id\": \"c-7\"}")
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().exists("X-Request-ID")
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
        UUID paymentId = UUID.fromString((String) receipt.get("payment_id"));

        Payment payment = payments.awaitRecord(r -> r.value().getPaymentId().equals(paymentId)).value();
        assertThat(payment.getAmount()).isEqualTo(new BigDecimal("0.10"));
        assertThat(payment.getRequestId()).isEqualTo(receipt.get("request_id")).isNotBlank();
    }

    @Test
    void shouldPutAllPaymentsOfOneCustomerOnOnePartitionInOrder() {
        for (int i = 1; i <= 5; i++) {
            http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"amount\": " + i + ", \"currency\": \"USD\", \"customer_id\": \"ORDERED-1\"}")
                    .exchange().expectStatus().isCreated();
        }
        await().atMost(Duration.ofSeconds(15)).until(() ->
                payments.drain().stream().filter(r -> r.key().equals("ORDERED-1")).count() == 5);
        var records = payments.drain().stream().filter(r -> r.key().equals("ORDERED-1")).toList();
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.getFirst().partition());
        assertThat(records).extracting(r -> r.value().getAmount().intValue()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void shouldAnswerRespondAsyncWith202AndAStatusResourceThatTheDeliveryFillsIn() {
        AtomicReference<String> location = new AtomicReference<>();
        http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                .header("Prefer", "respond-async")
                .bodyValue("{\"amount\": 12.50, \"currency\": \"GBP\", \"customer_id\": \"ASYNC-1\"}")
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().valueEquals("Preference-Applied", "respond-async")
                .expectHeader().value("Location", location::set)
                .expectBody().jsonPath("$.status").isEqualTo("pending");

        assertThat(location.get()).startsWith("/payments/");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                http.get().uri(location.get()).exchange()
                        .expectStatus().isOk()
                        .expectBody().jsonPath("$.status").isEqualTo("delivered")
                        .jsonPath("$.topic").isEqualTo("payments"));
        UUID paymentId = UUID.fromString(location.get().substring("/payments/".length()));
        assertThat(payments.awaitRecord(r -> r.value().getPaymentId().equals(paymentId)).key()).isEqualTo("ASYNC-1");
    }

    @Test
    void shouldAnswer404ForAnUnknownPaymentStatus() {
        http.get().uri("/payments/" + UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(404);
    }

    @Test
    void shouldPublishEachValidItemOfABatchAndReportEveryItem() {
        Map<String, Object> result = http.post().uri("/payments/batch").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        [
                          {"amount": 10, "currency": "USD", "customer_id": "BATCH-1"},
                          {"amount": -1, "currency": "USD", "customer_id": "BATCH-2"},
                          {"amount": "ten", "currency": "USD", "customer_id": "BATCH-3"},
                          {"amount": 30.25, "currency": "CHF", "customer_id": "BATCH-4"}
                        ]""")
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.MULTI_STATUS)
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();

        assertThat(result).containsEntry("accepted", 2).containsEntry("rejected", 2);
        assertThat(result.get("results").toString())
                .contains("index=0, status=201").contains("index=1, status=422").contains("field=[1].amount")
                .contains("index=2, status=422").contains("field=[2].amount").contains("index=3, status=201");
        await().atMost(Duration.ofSeconds(15)).until(() -> payments.drain().stream()
                .filter(r -> r.key().startsWith("BATCH-")).count() == 2);
        assertThat(payments.drain()).extracting(ConsumerRecord::key).contains("BATCH-1", "BATCH-4")
                .doesNotContain("BATCH-2", "BATCH-3");
    }

    @Test
    void shouldServeHealthWithEveryDependencyUp() {
        http.get().uri("/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("healthy")
                .jsonPath("$.kafka").isEqualTo("connected")
                .jsonPath("$.schema_registry").isEqualTo("up")
                .jsonPath("$.postgres").isEqualTo("up");
        http.get().uri("/readyz").exchange().expectStatus().isOk();
        http.get().uri("/livez").exchange().expectStatus().isOk();
    }

    @Test
    void shouldExposeProduceMetricsAndTheOpenApiDescription() {
        http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amount\": 1, \"currency\": \"USD\", \"customer_id\": \"METRICS-1\"}")
                .exchange().expectStatus().isCreated();
        String prometheus = http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(prometheus).contains("streamgate_produce_latency").contains("streamgate_ratelimit_rejected");
        http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.paths['/payments'].post").exists()
                .jsonPath("$.paths['/payments/batch'].post").exists();
    }
}
