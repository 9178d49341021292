package io.streamgate.submissions;

import io.streamgate.platform.health.ServiceHealthFields;
import io.streamgate.platform.ingest.EventIntake;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.platform.kafka.KafkaClientStatus;
import io.streamgate.platform.edge.HttpSettings;
import io.streamgate.platform.edge.Routes;
import io.streamgate.platform.health.ReadyWhen;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.submissions.CodeSubmission;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wires the submissions system (on or off as a whole: {@code StreamgateSystem} on the package). */
@Configuration(proxyBeanMethods = false)
class SubmissionsConfiguration {

    static final String SUBMIT_PATH = "/submit-code";
    /** Code and input up to 64 KB each, JSON-escaped; checked at start-up against the settings. */
    static final DataSize SUBMIT_BODY_LIMIT = DataSize.ofKilobytes(512);

    /** Submissions go to {@code code-execution} keyed by user id, so one user's submissions stay in order. */
    @Bean
    EventIntake<String, CodeSubmission> submissionIntake(EventPublisher publisher) {
        return new EventIntake<>(publisher, Topics.CODE_EXECUTION, CodeSubmission::getUserId);
    }

    @Bean
    Languages submissionLanguages(SubmissionsSettings settings) {
        return new Languages(settings.languages());
    }

    /** A submission is answered after Kafka's ack. */
    @Bean
    ReadyWhen submissionsReadyWhen() {
        return ReadyWhen.up("submissions", ReadyWhen.Dependency.KAFKA);
    }

    /**
     * Seed 004's routes: {@code /submit-code} with its body limit, called by the browser front end, answering invalid
     * input with the seed's 400, and naming each submission by a request id the server assigns (a client may send the
     * same X-Request-ID twice; its own is kept as a correlation id); the status routes the page reads, the
     * platform's {@code /health} among them.
     */
    @Bean
    Routes submissionRoutes() {
        return Routes.of(
                Routes.path(SUBMIT_PATH).bodyLimit(SUBMIT_BODY_LIMIT).fromBrowsers(HttpMethod.POST)
                        .requestIdsAssignedByServer().invalidInputAs400().requires("submissions:write"),
                Routes.path("/supported-languages").fromBrowsers(HttpMethod.GET).open(),
                Routes.path("/kafka-status").fromBrowsers(HttpMethod.GET).open(),
                // The page itself; what it posts needs credentials like any client's request.
                Routes.path("/submissions").open(),
                Routes.pattern("/submissions/**").open(),
                Routes.path("/health").fromBrowsers(HttpMethod.GET));
    }

    /**
     * The limits, checked against the route's body limit at start-up: a body limit below what the largest allowed
     * code needs would turn a valid submission into a 413.
     */
    @Bean
    CodeSubmissionRequest.Rules submissionRules(SubmissionsSettings settings, Languages languages, HttpSettings http) {
        long bodyLimit = http.bodyLimits().getOrDefault(SUBMIT_PATH, SUBMIT_BODY_LIMIT).toBytes();
        if (bodyLimit < settings.bodySizeNeeded()) {
            throw new IllegalStateException("The body limit of " + SUBMIT_PATH + " is " + bodyLimit
                    + " bytes, but code and input at their limits (streamgate.submissions.max-code-size, "
                    + "max-input-size) need up to " + settings.bodySizeNeeded() + " bytes of JSON");
        }
        return new CodeSubmissionRequest.Rules(settings.maxCodeSize().toBytes(), settings.maxInputSize().toBytes(),
                settings.maxUserIdLength(), languages);
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
