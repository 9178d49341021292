package io.streamgate.submissions;

import io.streamgate.platform.health.ServiceHealthFields;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.platform.kafka.KafkaClientStatus;
import io.streamgate.platform.edge.HttpSettings;
import io.streamgate.platform.edge.SeedValidationStatus;
import io.streamgate.platform.edge.ServerAssignedRequestIds;
import io.streamgate.schemas.Topics;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Wires the submissions system; off with {@code streamgate.submissions.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "streamgate.submissions.enabled", matchIfMissing = true)
class SubmissionsConfiguration {

    static final String SUBMIT_PATH = "/submit-code";

    @Bean
    SubmissionQueue submissionQueue(EventPublisher publisher) {
        return new SubmissionQueue(publisher);
    }

    @Bean
    Languages submissionLanguages(SubmissionsSettings settings) {
        return new Languages(settings.languages());
    }

    /**
     * The limits, checked against the platform's body limit for the route at start-up: a body limit below what the
     * largest allowed code needs would turn a valid submission into a 413.
     */
    @Bean
    CodeSubmissionRequest.Rules submissionRules(SubmissionsSettings settings, Languages languages, HttpSettings http) {
        long bodyLimit = http.bodyLimitFor(SUBMIT_PATH);
        if (bodyLimit < settings.bodySizeNeeded()) {
            throw new IllegalStateException("streamgate.http.body-limits[" + SUBMIT_PATH + "] is " + bodyLimit
                    + " bytes, but code and input at their limits (streamgate.submissions.max-code-size, "
                    + "max-input-size) need up to " + settings.bodySizeNeeded() + " bytes of JSON");
        }
        return new CodeSubmissionRequest.Rules(settings.maxCodeSize().toBytes(), settings.maxInputSize().toBytes(),
                settings.maxUserIdLength(), languages);
    }

    /**
     * The request id names the submission, so it must be unique: the server assigns it on this route and keeps the
     * client's own X-Request-ID only as a correlation id.
     */
    /** Seed 004 answers invalid input ("empty code submission") with 400. */
    @Bean
    SeedValidationStatus submissionValidationStatus() {
        return new SeedValidationStatus(Set.of(SUBMIT_PATH));
    }

    @Bean
    ServerAssignedRequestIds submissionRequestIds() {
        return new ServerAssignedRequestIds(Set.of(SUBMIT_PATH));
    }

    /** Seed 004's fields of {@code GET /health}, next to the platform's. */
    @Bean
    ServiceHealthFields submissionsHealthFields(KafkaClientStatus kafka) {
        return healthy -> {
            KafkaClientStatus.Connection connection = kafka.connection();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("message", healthy ? "Streamgate and its Kafka connection are working"
                    : connection.connected() ? "Kafka is connected but a dependency is down; see details"
                    : "Kafka is unreachable: submissions are refused with 503 until it is back");
            fields.put("kafka_broker", String.join(",", connection.bootstrapServers()));
            fields.put("kafka_topic", Topics.CODE_EXECUTION.name());
            return fields;
        };
    }
}
