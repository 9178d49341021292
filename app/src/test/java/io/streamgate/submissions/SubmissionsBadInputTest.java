package io.streamgate.submissions;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.submissions.CodeSubmission;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every refusal of {@code POST /submit-code} is its 4xx problem naming the field, never a 500, and writes nothing to
 * {@code code-execution} (its end offsets do not move).
 */
class SubmissionsBadInputTest extends EndToEndTest {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final int LIMIT = 64 * 1024;

    /**
     * name, content type, body, status, the field the problem names (null for the others). Seed 004 answers invalid
     * input with 400, so invalid values are 400 here too, with errors naming each field.
     */
    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments("empty code", JSON, body("\"\"", "\"python\"", "\"\"", "\"u1\""), 400, "code"),
                arguments("whitespace-only code", JSON, body("\" \\n\\t  \\r\\n\"", "\"python\"", "\"\"", "\"u1\""), 400, "code"),
                arguments("null code", JSON, body("null", "\"python\"", "\"\"", "\"u1\""), 400, "code"),
                arguments("missing code", JSON, utf8("{\"language\": \"python\", \"user_id\": \"u1\"}"), 400, "code"),
                arguments("code as number", JSON, body("42", "\"python\"", "\"\"", "\"u1\""), 400, "code"),
                arguments("code over the limit", JSON, body(quoted("x".repeat(LIMIT + 1)), "\"python\"", "\"\"", "\"u1\""), 400, "code"),
                arguments("code over the limit in UTF-8 bytes", JSON, body(quoted("é".repeat(LIMIT / 2 + 1)), "\"python\"", "\"\"", "\"u1\""), 400, "code"),
                arguments("code with an unpaired surrogate", JSON, body("\"print(1) \\ud800\"", "\"python\"", "\"\"", "\"u1\""), 400, "code"),
                arguments("unknown language", JSON, body("\"print(1)\"", "\"cobol\"", "\"\"", "\"u1\""), 400, "language"),
                arguments("language by name instead of value", JSON, body("\"print(1)\"", "\"Python\"", "\"\"", "\"u1\""), 400, "language"),
                arguments("missing language", JSON, utf8("{\"code\": \"print(1)\", \"user_id\": \"u1\"}"), 400, "language"),
                arguments("input over the limit", JSON, body("\"print(1)\"", "\"python\"", quoted("i".repeat(LIMIT + 1)), "\"u1\""), 400, "input_data"),
                arguments("null input", JSON, body("\"print(1)\"", "\"python\"", "null", "\"u1\""), 400, "input_data"),
                arguments("input as array", JSON, body("\"print(1)\"", "\"python\"", "[]", "\"u1\""), 400, "input_data"),
                arguments("missing user id", JSON, utf8("{\"code\": \"print(1)\", \"language\": \"python\", \"input_data\": \"\"}"), 400, "user_id"),
                arguments("null user id", JSON, body("\"print(1)\"", "\"python\"", "\"\"", "null"), 400, "user_id"),
                arguments("blank user id", JSON, body("\"print(1)\"", "\"python\"", "\"\"", "\"   \""), 400, "user_id"),
                arguments("user id too long", JSON, body("\"print(1)\"", "\"python\"", "\"\"", quoted("u".repeat(129))), 400, "user_id"),
                arguments("user id with a control character", JSON, body("\"print(1)\"", "\"python\"", "\"\"", "\"u\\u0000\""), 400, "user_id"),
                arguments("user id as number", JSON, body("\"print(1)\"", "\"python\"", "\"\"", "123"), 400, "user_id"),
                arguments("unknown field", JSON, utf8("{\"code\": \"print(1)\", \"language\": \"python\", \"user_id\": \"u1\", \"priority\": 1}"), 400, "priority"),
                arguments("malformed JSON", JSON, utf8("{\"code\": \"print(1)\", \"language\": "), 400, null),
                arguments("empty body", JSON, new byte[0], 400, null),
                arguments("text/plain", MediaType.TEXT_PLAIN_VALUE, body("\"print(1)\"", "\"python\"", "\"\"", "\"u1\""), 415, null),
                arguments("body over the route's limit", JSON, body(quoted("x".repeat(600 * 1024)), "\"python\"", "\"\"", "\"u1\""), 413, null));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("refusals")
    void shouldAnswerAProblemNamingTheFieldAndWriteNothing(String name, String contentType, byte[] body, int status,
                                                           String field) {
        try (TopicProbe<CodeSubmission> submissions = probe(Topics.CODE_EXECUTION)) {
            var response = http.post().uri("/submit-code")
                    .header("Content-Type", contentType)
                    .bodyValue(body)
                    .exchange()
                    .expectStatus().isEqualTo(status)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists("X-Request-ID")
                    .expectBody();
            if (field != null) {
                response.jsonPath("$.errors[?(@.field == '" + field + "')].message").isNotEmpty();
            }
            String problem = new String(response.returnResult().getResponseBodyContent(), StandardCharsets.UTF_8);
            assertThat(problem).contains("\"status\":" + status).contains("\"detail\"")
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(submissions.recordsWrittenSinceStart()).isZero();
        }
    }

    private static byte[] body(String code, String language, String input, String userId) {
        return utf8("{\"code\": " + code + ", \"language\": " + language + ", \"input_data\": " + input
                + ", \"user_id\": " + userId + "}");
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
