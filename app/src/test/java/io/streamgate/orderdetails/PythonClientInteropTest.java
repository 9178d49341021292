package io.streamgate.orderdetails;

import io.streamgate.schemas.orders.OrderEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record written by a standard Confluent client (Python confluent-kafka with its Avro serializer, through the same
 * registry, in the same schema) is read like Streamgate's own. Needs Debian's python3-confluent-kafka, python3-avro and
 * python3-requests ({@code .ci/run} installs them).
 */
class PythonClientInteropTest extends OrderDetailsTest {

    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void shouldApplyAnOrderEventWrittenByPythonConfluentKafka() throws Exception {
        String orderId = OrderEvents.uniqueOrderId("ORDER-PY");
        UUID eventId = UUID.randomUUID();
        Path schema = Files.createTempFile("order-event", ".avsc");
        Files.writeString(schema, OrderEvent.getClassSchema().toString(true));
        Path script = Path.of(getClass().getResource("/interop/produce_order_event.py").toURI());
        try {
            Process python = new ProcessBuilder(PYTHON, script.toString(), "--bootstrap", bootstrapServers(),
                    "--registry", registry.url(), "--schema", schema.toString(), "--order-id", orderId,
                    "--event-id", eventId.toString())
                    .redirectErrorStream(true).start();
            boolean exited = python.waitFor(90, TimeUnit.SECONDS);
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(exited).as("python finished: " + output).isTrue();
            assertThat(python.exitValue()).as("python failed (needs python3-confluent-kafka, python3-avro, "
                    + "python3-requests): " + output).isZero();
            assertThat(output).contains("delivered order-events-");
        } finally {
            Files.deleteIfExists(schema);
        }

        String body = new String(awaitOrder(http, orderId, "new").returnResult().getResponseBody());

        assertThat(body).isEqualTo("{\"orderId\":\"" + orderId + "\",\"customerId\":\"CUST-PY-1\","
                + "\"orderDate\":\"2024-12-15T10:30:00Z\","
                + "\"items\":[{\"sku\":\"SKU-PY\",\"quantity\":2,\"unitPrice\":75.25}],"
                + "\"totalAmount\":150.50,\"currency\":\"USD\",\"status\":\"new\",\"shippingCost\":3.01}");
        assertThat(applied(GROUP, eventId)).isTrue();
    }
}
