package io.streamgate.payments;

import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.platform.web.Problems;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the payments system; off with {@code streamgate.payments.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "streamgate.payments.enabled", matchIfMissing = true)
class PaymentsConfiguration {

    @Bean
    PaymentIntake paymentIntake(EventPublisher publisher) {
        return new PaymentIntake(publisher);
    }

    @Bean
    PaymentStatuses paymentStatuses(PaymentsSettings settings) {
        return new PaymentStatuses(settings.statusCapacity(), settings.statusRetention());
    }

    @Bean
    PaymentBatches paymentBatches(JsonMapper jsonMapper, PaymentIntake intake, Problems problems,
                                  PaymentsSettings settings) {
        return new PaymentBatches(jsonMapper, intake, problems, settings.batchMaxItems());
    }
}
