package io.streamgate.platform.ingest;

import io.streamgate.platform.json.JsonConfiguration;
import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.kafka.PublishException;
import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.platform.problems.Problems;
import io.streamgate.schemas.Topic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each item on its own: read, validated, published, and answered in the route's shape. */
class BatchIngestTest {

    record Greeting(String user, String text) {
        List<FieldViolation> violations(String prefix) {
            return text == null || text.isBlank() ? List.of(new FieldViolation(prefix + "text", "is required"))
                    : List.of();
        }
    }

    private static final Topic<String, Greeting> GREETINGS = new Topic<>("greetings", String.class, Greeting.class);
    private static final BatchIngest.Nouns NOUNS = new BatchIngest.Nouns("one greeting", "greetings");

    private final JsonMapper json = strictMapper();
    private final Problems problems = new Problems(List.of(failure -> failure instanceof PublishException
            ? ApiProblem.unavailable("Kafka is unavailable; nothing was written. Retry later.", Duration.ofSeconds(1))
            : null));
    private final BatchIngest ingest = new BatchIngest(json, problems);

    /** The mapper the application reads bodies with: Boot's, customized by the platform's strict JSON rules. */
    private static JsonMapper strictMapper() {
        JsonMapper[] mapper = new JsonMapper[1];
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, JsonConfiguration.class))
                .run(context -> mapper[0] = context.getBean(JsonMapper.class));
        return mapper[0];
    }

    private List<JsonNode> nodes(String array) {
        List<JsonNode> nodes = new ArrayList<>();
        json.readTree(array).forEach(nodes::add);
        return nodes;
    }

    private List<BatchIngest.Item<Greeting>> parse(String array) {
        return ingest.parse(nodes(array), Greeting.class, 3, NOUNS, Greeting::violations);
    }

    @Test
    void shouldReadAndValidateEachItemOnItsOwnNamingItsFieldsByIndex() {
        List<BatchIngest.Item<Greeting>> items = parse("""
                [{"user": "ada", "text": "hi"}, {"user": "bob", "text": ""}, {"user": "cy", "txt": "hi"}]""");

        assertThat(items).extracting(BatchIngest.Item::valid).containsExactly(true, false, false);
        assertThat(items.get(1).violations()).containsExactly(new FieldViolation("[1].text", "is required"));
        assertThat(items.get(2).violations()).extracting(FieldViolation::field).containsExactly("[2].txt");
    }

    @Test
    void shouldRefuseAnEmptyOrOversizedBatchAsAWholeInTheRoutesWords() {
        ApiProblem empty = catchThrowableOfType(ApiProblem.class, () -> parse("[]"));
        ApiProblem tooMany = catchThrowableOfType(ApiProblem.class, () -> parse("""
                [{"user": "a", "text": "1"}, {"user": "b", "text": "2"}, {"user": "c", "text": "3"},
                 {"user": "d", "text": "4"}]"""));

        assertThat(empty.violations()).containsExactly(new FieldViolation("$", "must hold at least one greeting"));
        assertThat(tooMany.violations()).containsExactly(new FieldViolation("$", "must hold at most 3 greetings"));
    }

    @Test
    void shouldAnswerEveryItemInOrderInThePlatformsShape() {
        RecordingPublisher publisher = RecordingPublisher.acknowledging();
        EventIntake<String, Greeting> intake = new EventIntake<>(publisher, GREETINGS, Greeting::user);
        List<BatchIngest.Item<Greeting>> items = parse("""
                [{"user": "ada", "text": "hi"}, {"user": "bob", "text": ""}, {"user": "cy", "text": "yo"}]""");

        BatchIngest.BatchResult result = ingest.publish(items, item -> new BatchIngest.Submitted<>(
                item.request().user(), intake.publish(item.request(), "req-1")), "req-1").block();

        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.rejected()).isEqualTo(1);
        assertThat(result.results()).containsExactly(
                new BatchIngest.ItemResult(0, 201, "ada", "greetings", 0, 0L, null, null),
                new BatchIngest.ItemResult(1, 422, null, null, null, null, "invalid item",
                        List.of(new FieldViolation("[1].text", "is required"))),
                new BatchIngest.ItemResult(2, 201, "cy", "greetings", 0, 1L, null, null));
        assertThat(publisher.published).extracting(RecordingPublisher.Published::key).containsExactly("ada", "cy");
    }

    record Answer(int index, int status, Integer id, String note) {
    }

    record Answers(int written, int notWritten, List<Answer> answers) {
    }

    @Test
    void shouldAnswerInTheRoutesOwnShapeWithTheStatusAFailedPublishMapsTo() {
        RecordingPublisher publisher = new RecordingPublisher(record -> record.key().equals("bob")
                ? CompletableFuture.failedFuture(new PublishException(PublishException.Kind.KAFKA_UNAVAILABLE,
                "greetings", "down", null))
                : CompletableFuture.completedFuture(new Delivery(record.topic(), 1, 7, null)));
        EventIntake<String, Greeting> intake = new EventIntake<>(publisher, GREETINGS, Greeting::user);
        BatchIngest.Answers<Integer, Answer, Answers> shape = new BatchIngest.Answers<>() {
            @Override
            public Answer written(int index, Integer id, Delivery ack) {
                return new Answer(index, 201, id, "at " + ack.offset());
            }

            @Override
            public Answer invalid(int index, List<FieldViolation> violations) {
                return new Answer(index, 422, null, "invalid greeting");
            }

            @Override
            public Answer failed(int index, Integer id, ApiProblem problem) {
                return new Answer(index, problem.status().value(), id, problem.detail());
            }

            @Override
            public Answers batch(int accepted, int rejected, List<Answer> results) {
                return new Answers(accepted, rejected, results);
            }
        };
        List<BatchIngest.Item<Greeting>> items = parse("""
                [{"user": "ada", "text": "hi"}, {"user": "bob", "text": "hi"}, {"user": "cy"}]""");

        Answers result = ingest.publish(items, item -> new BatchIngest.Submitted<>(100 + item.index(),
                intake.publish(item.request(), "req-2")), shape, "req-2").block();

        assertThat(result).isEqualTo(new Answers(1, 2, List.of(
                new Answer(0, 201, 100, "at 7"),
                new Answer(1, HttpStatus.SERVICE_UNAVAILABLE.value(), 101,
                        "Kafka is unavailable; nothing was written. Retry later."),
                new Answer(2, 422, null, "invalid greeting"))));
    }
}
