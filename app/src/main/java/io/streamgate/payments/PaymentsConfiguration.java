package io.streamgate.payments;

import org.springframework.http.HttpMethod;
import io.streamgate.platform.edge.Routes;
import io.streamgate.platform.health.ReadyWhen;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamgate.platform.database.PeriodicSweep;
import io.streamgate.platform.database.SystemMigrations;
import io.streamgate.platform.idempotency.IdempotentPosts;
import io.streamgate.platform.ingest.BatchIngest;
import io.streamgate.platform.ingest.EventIntake;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.platform.json.JsonEndpoints;
import io.streamgate.schemas.payments.Payment;
import org.springdoc.core.annotations.RouterOperation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.time.Duration;
import javax.sql.DataSource;

/** Wires the payments system (on or off as a whole: {@code StreamgateSystem} on the package). */
@Configuration(proxyBeanMethods = false)
class PaymentsConfiguration {

    /**
     * A payment is answered after Kafka's ack (the asynchronous mode and idempotency keys also need Postgres, and answer
     * 503 without it; the default request does not).
     */
    @Bean
    ReadyWhen paymentsReadyWhen() {
        return ReadyWhen.up("payments", ReadyWhen.Dependency.KAFKA);
    }

    /** Who may call payments' routes when authentication is on (streamgate.security.enabled). */
    @Bean
    Routes paymentRoutes() {
        return Routes.of(Routes.path("/payments").requires("payments:write", HttpMethod.POST),
                Routes.path("/payments/batch").requires("payments:write"),
                Routes.pattern("/payments/{id}").requires("payments:read", HttpMethod.GET));
    }

    @Bean
    SystemMigrations paymentsMigrations(DataSource dataSource) {
        return SystemMigrations.of("payments", dataSource);
    }

    @Bean
    EventIntake<String, Payment> paymentIntake(EventPublisher publisher) {
        return PaymentEvents.intake(publisher);
    }

    @Bean(destroyMethod = "close")
    PaymentStatuses paymentStatuses(DataSource dataSource, PaymentsSettings settings, EventPublisher publisher,
                                    MeterRegistry meters) {
        return new PaymentStatuses(new JdbcTemplate(dataSource), settings.statusCapacity(), settings.statusRetention(),
                publisher.deliveryTimeout(), meters);
    }

    @Bean(destroyMethod = "close")
    PeriodicSweep paymentStatusSweeper(PaymentStatuses statuses) {
        return PeriodicSweep.start("payment-status-sweeper", Duration.ofMinutes(1),
                "expired asynchronous payment statuses", statuses::sweep);
    }

    @Bean
    PaymentsEndpoint paymentsEndpoint(EventIntake<String, Payment> intake, PaymentStatuses statuses,
                                      IdempotentPosts idempotentPosts, PaymentsSettings settings, JsonEndpoints json) {
        return new PaymentsEndpoint(intake, statuses, idempotentPosts, settings, json);
    }

    /** {@code POST /payments} as a functional endpoint; its OpenAPI description is on {@link PaymentsEndpoint#create}. */
    @Bean
    @RouterOperation(path = "/payments", method = RequestMethod.POST, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE, beanClass = PaymentsEndpoint.class, beanMethod = "create")
    RouterFunction<ServerResponse> paymentsRoute(PaymentsEndpoint endpoint) {
        return JsonEndpoints.post("/payments", endpoint::create);
    }

    @Bean
    PaymentBatches paymentBatches(BatchIngest ingest, EventIntake<String, Payment> intake, PaymentsSettings settings) {
        return new PaymentBatches(ingest, intake, settings.batchMaxItems());
    }
}
