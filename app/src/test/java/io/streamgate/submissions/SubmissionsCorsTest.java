package io.streamgate.submissions;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.submissions.CodeSubmission;
import io.streamgate.support.Bodies;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser front end of seed 004 runs on another origin (http://localhost:3000 by default): its preflights are
 * answered and its requests get CORS headers; any other origin gets no CORS header and nothing runs.
 */
class SubmissionsCorsTest extends EndToEndTest {

    private static final String FRONT_END = "http://localhost:3000";
    private static final String STRANGER = "https://evil.example";
    private static final String SUBMISSION = "{\"code\": \"print(1)\", \"language\": \"python\", \"user_id\": \"cors\"}";

    @Value("${local.server.port}")
    int port;

    @Test
    void shouldAnswerThePreflightOfTheConfiguredFrontEndWithoutCredentials() {
        WebTestClient.ResponseSpec preflight = preflight(FRONT_END, "/submit-code", "POST");

        preflight.expectStatus().isNoContent()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONT_END)
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, methods -> assertThat(methods).contains("POST"))
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                        headers -> assertThat(headers.toLowerCase()).contains("content-type"))
                .expectHeader().exists(HttpHeaders.ACCESS_CONTROL_MAX_AGE)
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
    }

    @Test
    void shouldAnswerThePreflightOfTheFrontEndOpenedByAddressAsByName() {
        String byAddress = "http://127.0.0.1:3000";

        preflight(byAddress, "/submit-code", "POST").expectStatus().isNoContent()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, byAddress);
    }

    @Test
    void shouldLetTheFrontEndSubmitAndReadTheRequestIdHeader() {
        try (TopicProbe<CodeSubmission> submissions = probe(Topics.CODE_EXECUTION)) {
            var result = http.post().uri("/submit-code")
                    .header(HttpHeaders.ORIGIN, FRONT_END)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(SUBMISSION)
                    .exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONT_END)
                    .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
                            exposed -> assertThat(exposed).contains("X-Request-ID").contains("Retry-After"))
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)
                    .expectBody(Bodies.JSON_OBJECT).returnResult();
            String requestId = (String) result.getResponseBody().get("request_id");
            submissions.awaitRecord(r -> r.value().getRequestId().equals(requestId));
        }
        for (String route : List.of("/supported-languages", "/kafka-status", "/health")) {
            http.get().uri(route).header(HttpHeaders.ORIGIN, FRONT_END).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONT_END);
        }
    }

    @Test
    void shouldGiveAProblemOfItsOwnToTheFrontEndWhenItsSubmissionIsRefused() {
        http.post().uri("/submit-code")
                .header(HttpHeaders.ORIGIN, FRONT_END)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"code\": \" \", \"language\": \"python\", \"user_id\": \"cors\"}")
                .exchange()
                .expectStatus().isEqualTo(400)
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONT_END)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("code");
    }

    @Test
    void shouldGiveOtherOriginsNoCorsHeadersAndRunNothing() {
        preflight(STRANGER, "/submit-code", "POST")
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS);
        try (TopicProbe<CodeSubmission> submissions = probe(Topics.CODE_EXECUTION)) {
            http.post().uri("/submit-code")
                    .header(HttpHeaders.ORIGIN, STRANGER)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(SUBMISSION)
                    .exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
            assertThat(submissions.recordsWrittenSinceStart()).isZero();
        }
    }

    @Test
    void shouldRefuseAMethodTheRouteDoesNotAllowCrossOrigin() {
        preflight(FRONT_END, "/submit-code", "DELETE")
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void shouldLeaveRoutesWithoutCorsConfigurationAlone() {
        preflight(FRONT_END, "/payments", "POST")
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void shouldLeaveSameOriginRequestsAlone() {
        String self = "http://localhost:" + port;
        http.get().uri("/supported-languages").header(HttpHeaders.ORIGIN, self)
                .header(HttpHeaders.HOST, "localhost:" + port).exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    private WebTestClient.ResponseSpec preflight(String origin, String route, String method) {
        return http.method(HttpMethod.OPTIONS).uri(route)
                .header(HttpHeaders.ORIGIN, origin)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, method)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
                .exchange();
    }
}
