package io.streamgate.platform.problems;

import io.streamgate.platform.json.JsonConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.streamgate.platform.kafka.PublishException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every failure {@link Problems} maps, to the status and problem type a client sees. */
class ProblemsTest {

    record Sample(BigDecimal amount, @JsonSetter(nulls = Nulls.FAIL) String currency, int count) {
    }

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final Problems problems = new Problems(List.of(new PublishProblemTranslator(RETRY_AFTER)));
    private final JsonMapper json = strictMapper();

    /** The mapper the application reads bodies with: Boot's, customized by the platform's strict JSON rules. */
    private static JsonMapper strictMapper() {
        JsonMapper[] mapper = new JsonMapper[1];
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, JsonConfiguration.class))
                .run(context -> mapper[0] = context.getBean(JsonMapper.class));
        return mapper[0];
    }

    private ApiProblem map(Throwable failure) {
        return problems.toProblem(failure, "req-1");
    }

    private static String typeOf(ApiProblem problem) {
        return (String) problem.body("/payments", "req-1").get("type");
    }

    /** What WebFlux throws when the body cannot be decoded: the Jackson failure two causes down. */
    private ApiProblem mapBody(String body) {
        return mapBody(body, Sample.class);
    }

    private ApiProblem mapBody(String body, Class<?> type) {
        JacksonException failure = catchThrowableOfType(JacksonException.class, () -> json.readValue(body, type));
        assertThat(failure).as("'%s' must fail to read", body).isNotNull();
        return map(new ServerWebInputException("Failed to read HTTP message", null,
                new DecodingException("JSON decoding error", failure)));
    }

    @Test
    void shouldPassAnApiProblemThroughEvenWhenWrapped() {
        ApiProblem notFound = ApiProblem.notFound("No payment x.");

        assertThat(map(notFound)).isSameAs(notFound);
        assertThat(map(new IllegalStateException("wrapper", notFound))).isSameAs(notFound);
        assertThat(typeOf(notFound)).isEqualTo("urn:streamgate:problem:not-found");
    }

    @ParameterizedTest
    @EnumSource(value = PublishException.Kind.class, names = {"KAFKA_UNAVAILABLE", "BUFFER_FULL", "TIMEOUT",
            "REGISTRY_UNAVAILABLE"})
    void shouldAnswer503WithRetryAfterForARetriablePublishFailure(PublishException.Kind kind) {
        ApiProblem problem = map(new PublishException(kind, "payments", "down", null));

        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(problem.retryAfter()).isEqualTo(RETRY_AFTER);
        assertThat(typeOf(problem)).isEqualTo("urn:streamgate:problem:service-unavailable");
    }

    @ParameterizedTest
    @EnumSource(value = PublishException.Kind.class, names = {"SERIALIZATION", "REJECTED"})
    void shouldAnswer500ForAPublishFailureThatIsTheServicesFault(PublishException.Kind kind) {
        ApiProblem problem = map(new java.util.concurrent.CompletionException(
                new PublishException(kind, "payments", "refused", null)));

        assertThat(problem.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(problem.retryAfter()).isNull();
        assertThat(typeOf(problem)).isEqualTo("urn:streamgate:problem:internal-error");
    }

    @ParameterizedTest
    @EnumSource(PublishException.Kind.class)
    void shouldAnswer503ExactlyForThePublishFailuresThePublisherCallsRetriable(PublishException.Kind kind) {
        PublishException failure = new PublishException(kind, "payments", "failed", null);

        ApiProblem problem = map(failure);

        assertThat(problem.status()).isEqualTo(failure.isRetriable()
                ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR);
    }

    @Test
    void shouldMapTheFrameworksOwnRejections() {
        assertMapped(new DataBufferLimitException("too big"), HttpStatus.CONTENT_TOO_LARGE,
                "urn:streamgate:problem:request-body-too-large");
        assertMapped(new UnsupportedMediaTypeStatusException(MediaType.TEXT_PLAIN, List.of(MediaType.APPLICATION_JSON)),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "urn:streamgate:problem:unsupported-media-type");
        assertMapped(new NotAcceptableStatusException(List.of(MediaType.APPLICATION_JSON)),
                HttpStatus.NOT_ACCEPTABLE, "urn:streamgate:problem:not-acceptable");
        assertMapped(new MethodNotAllowedException(HttpMethod.DELETE, Set.of(HttpMethod.POST)),
                HttpStatus.METHOD_NOT_ALLOWED, "urn:streamgate:problem:method-not-allowed");
        assertMapped(new ResponseStatusException(HttpStatus.NOT_FOUND), HttpStatus.NOT_FOUND,
                "urn:streamgate:problem:not-found");
    }

    @Test
    void shouldAnswer400ForAMissingBody() {
        ApiProblem problem = map(new ServerWebInputException("No request body"));

        assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.detail()).isEqualTo("A JSON request body is required (it was empty or null).");
        assertThat(typeOf(problem)).isEqualTo("urn:streamgate:problem:malformed-request");
    }

    @Test
    void shouldAnswer422NamingTheFieldForWellFormedJsonOfTheWrongShape() {
        assertInvalid(mapBody("{\"amount\": 1, \"currency\": \"USD\", \"count\": 1, \"extra\": 2}"), "extra",
                "unknown field 'extra'");
        assertInvalid(mapBody("{\"amount\": 1, \"currency\": null, \"count\": 1}"), "currency", "must not be null");
        assertInvalid(mapBody("{\"amount\": \"1\", \"currency\": \"USD\", \"count\": 1}"), "amount",
                "must be a number");
        assertInvalid(mapBody("{\"amount\": 1, \"currency\": 3, \"count\": 1}"), "currency", "must be a string");
        assertInvalid(mapBody("{\"amount\": 1, \"currency\": \"USD\", \"count\": 99999999999}"), "count",
                "must be a whole number from -2147483648 to 2147483647");
        // Read from a String the parser has no path yet when the number is refused (WebFlux's decoder has one).
        assertInvalid(mapBody("{\"amount\": 1" + "0".repeat(1500) + ", \"currency\": \"USD\", \"count\": 1}"),
                "$", "value is too large");
    }

    record Typed(Integer count, java.time.Instant at) {
    }

    @Test
    void shouldTellWhatToSendInsteadForAFractionOrAnInstantWithoutAZone() {
        for (String body : List.of("{\"count\": 2.5}", "{\"count\": 1e20}")) {
            assertInvalid(mapBody(body, Typed.class), "count", "must be a whole number");
        }
        assertInvalid(mapBody("{\"at\": \"2026-11-23T10:00:00\"}", Typed.class), "at",
                "must be an ISO 8601 date and time with a zone offset, e.g. 2026-11-23T10:00:00Z");
    }

    @Test
    void shouldNeverPassOnTheParsersAdviceOnItsOwnSettings() {
        for (String body : List.of("{\"amount\": NaN, \"currency\": \"USD\", \"count\": 1}",
                "{\"amount\": Infinity, \"currency\": \"USD\", \"count\": 1}",
                "{\"amount\": +1, \"currency\": \"USD\", \"count\": 1}")) {
            ApiProblem problem = mapBody(body);

            assertThat(problem.status()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(problem.detail()).as(body).doesNotContain("`").doesNotContain("JsonReadFeature")
                    .doesNotContain("enable").contains("at line 1, column");
        }
        assertThat(mapBody("{\"amount\": NaN, \"currency\": \"USD\", \"count\": 1}").detail())
                .contains("'NaN' is not a JSON value");
        assertThat(mapBody("{\"amount\": 1" + "0".repeat(1500) + ", \"currency\": \"USD\", \"count\": 1}")
                .violations().getFirst().message()).doesNotContain("`").contains("exceeds the maximum allowed (1000)");
    }

    @Test
    void shouldAnswerAnUnknownRouteWithTheSameTitleAsEveryOtherNotFoundAndNoInternals() {
        ApiProblem problem = map(new org.springframework.web.reactive.resource.NoResourceFoundException(
                java.net.URI.create("http://127.0.0.1:8000/nope"), "nope"));

        assertThat(problem.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(problem.title()).isEqualTo("Not found");
        assertThat(problem.detail()).doesNotContain("static").doesNotContain("http://");
    }

    @Test
    void shouldAnswer400ForJsonThatIsNotWellFormed() {
        String valid = "{\"amount\": 1, \"currency\": \"USD\", \"count\": 1}";
        for (String body : List.of("{\"amount\": 1,", valid + " " + valid, "{\"amount\" 1}",
                "{\"amount\": 1, \"amount\": 2, \"currency\": \"USD\", \"count\": 1}")) {
            ApiProblem problem = mapBody(body);
            assertThat(problem.status()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(typeOf(problem)).isEqualTo("urn:streamgate:problem:malformed-request");
        }
    }

    @Test
    void shouldAnswer500WithoutDetailsForAnythingUnknown() {
        ApiProblem problem = map(new IllegalStateException("secret internals"));

        assertThat(problem.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(problem.detail()).doesNotContain("secret").contains("req-1");
        assertThat(typeOf(problem)).isEqualTo("urn:streamgate:problem:internal-error");
    }

    private void assertMapped(Throwable failure, HttpStatus status, String type) {
        ApiProblem problem = map(failure);
        assertThat(problem.status()).as(failure.toString()).isEqualTo(status);
        assertThat(typeOf(problem)).isEqualTo(type);
    }

    private static void assertInvalid(ApiProblem problem, String field, String message) {
        assertThat(problem.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(problem.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo(field);
            assertThat(violation.message()).startsWith(message);
        });
        assertThat(typeOf(problem)).isEqualTo("urn:streamgate:problem:invalid-request");
    }
}
