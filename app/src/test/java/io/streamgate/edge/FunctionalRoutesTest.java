package io.streamgate.edge;

import io.streamgate.support.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.actuate.endpoint.web.WebFluxEndpointHandlerMapping;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /payments} is a functional route, looked up before the actuator's endpoints (which would otherwise be
 * matched first on every request); both still answer as before.
 */
class FunctionalRoutesTest extends EndToEndTest {

    @Autowired
    DispatcherHandler dispatcher;

    @Test
    void shouldLookUpFunctionalRoutesBeforeTheActuatorsEndpoints() {
        List<HandlerMapping> mappings = dispatcher.getHandlerMappings();

        assertThat(indexOf(mappings, RouterFunctionMapping.class))
                .isLessThan(indexOf(mappings, WebFluxEndpointHandlerMapping.class));
    }

    @Test
    void shouldStillAnswerTheActuatorsEndpointsAndTheFunctionalRoute() {
        http.get().uri("/livez").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        EntityExchangeResult<byte[]> created = http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amount\": 1, \"currency\": \"USD\", \"customer_id\": \"C1\"}").exchange()
                .expectStatus().isCreated()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().returnResult();

        assertThat(created.getResponseHeaders().getContentLength()).isEqualTo(created.getResponseBody().length);
        assertThat(new String(created.getResponseBody(), StandardCharsets.UTF_8)).contains("\"status\":\"delivered\"");
    }

    @Test
    void shouldReadABodyInAnotherCharsetThroughTheCodecWithTheSameProblems() {
        http.post().uri("/payments").header("Content-Type", "application/json; charset=ISO-8859-1")
                .bodyValue("{\"amount\": 1, \"currency\": \"USD\", \"customer_id\": \"C1\"}".getBytes(StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus().isCreated();
        http.post().uri("/payments").header("Content-Type", "application/json; charset=ISO-8859-1")
                .bodyValue("{\"amount\": \"1\", \"currency\": \"USD\", \"customer_id\": \"C1\"}".getBytes(StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("amount");
    }

    private static int indexOf(List<HandlerMapping> mappings, Class<?> type) {
        for (int i = 0; i < mappings.size(); i++) {
            if (type.isInstance(mappings.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " among " + mappings);
    }
}
