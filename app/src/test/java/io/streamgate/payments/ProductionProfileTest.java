package io.streamgate.payments;

import io.streamgate.devstack.DevStack;
import io.streamgate.platform.security.ApiKeysCommand;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.payments.Payment;
import io.streamgate.support.Bodies;
import io.streamgate.support.SecondApplication;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same artifact in production shape: every address external (here: the shared stack's), the embedded stack off,
 * registration off (use-latest), authentication on (an API key made by the jar's command). The schema was registered
 * before, as a deployment would.
 */
class ProductionProfileTest extends EndToEndTest {

    private static final String BODY = "{\"amount\": 10, \"currency\": \"USD\", \"customer_id\": \"PROD-1\"}";

    @Test
    void shouldPublishWithTheRegisteredSchemaAndStartNothingEmbedded() {
        // Registers payments-value (auto-register in development), standing in for the deployment's registration.
        http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON).bodyValue(BODY).exchange()
                .expectStatus().isCreated();
        String bootstrap = bootstrapServers();
        DevStack stack = DevStack.shared();

        try (TopicProbe<Payment> payments = TopicProbe.from(bootstrap, registry.url(), Topics.PAYMENTS);
             ConfigurableApplicationContext app = SecondApplication.start(
                     "--spring.profiles.active=prod",
                     "--spring.kafka.bootstrap-servers=" + bootstrap,
                     "--streamgate.schema-registry.url=" + registry.url(),
                     "--spring.datasource.url=" + stack.postgres().jdbcUrl(),
                     "--spring.datasource.username=" + stack.postgres().username(),
                     "--spring.datasource.password=" + stack.postgres().password())) {
            assertThat(app.getBeanNamesForType(DevStack.class)).isEmpty();
            assertThat(app.getEnvironment().getProperty("streamgate.schema-registry.mode")).isEqualTo("use-latest");
            SecondApplication.clientOf(app).post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(BODY).exchange().expectStatus().isUnauthorized();
            java.io.ByteArrayOutputStream key = new java.io.ByteArrayOutputStream();
            assertThat(ApiKeysCommand.run(new String[] {"create", "--name", "prod-" + UUID.randomUUID(), "--scopes",
                    "payments:write"}, Map.of("DATABASE_URL", stack.postgres().jdbcUrl(), "DATABASE_USERNAME",
                    stack.postgres().username(), "DATABASE_PASSWORD", stack.postgres().password()),
                    new java.io.PrintStream(key, true))).isZero();
            // The live dashboard is off unless switched on (DASHBOARD_ENABLED=true): not there, also for a caller.
            SecondApplication.clientOf(app).get().uri("/dashboard/").header("X-API-Key", key.toString().trim())
                    .exchange().expectStatus().isNotFound();
            SecondApplication.clientOf(app).get().uri("/dashboard/stream").header("X-API-Key", key.toString().trim())
                    .exchange().expectStatus().isNotFound();

            Map<String, Object> receipt = SecondApplication.clientOf(app).post().uri("/payments")
                    .header("X-API-Key", key.toString().trim())
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(BODY).exchange()
                    .expectStatus().isCreated()
                    .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();

            UUID paymentId = UUID.fromString((String) receipt.get("payment_id"));
            assertThat(payments.awaitRecord(r -> r.value().getPaymentId().equals(paymentId)).key())
                    .isEqualTo("PROD-1");
        }
    }
}
