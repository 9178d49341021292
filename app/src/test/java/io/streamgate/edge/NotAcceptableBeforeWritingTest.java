package io.streamgate.edge;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.trips.DriverAssigned;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.bind.annotation.RequestMethod;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that cannot read JSON is refused with 406 before a route writes anything: the answer is negotiated when the
 * route is chosen, not after its handler has published or committed. Found by the generated bad-input test: a valid
 * trip part with {@code Accept: application/xml} was published, then answered 406.
 */
class NotAcceptableBeforeWritingTest extends EndToEndTest {

    private static final Set<RequestMethod> WRITING = Set.of(RequestMethod.POST, RequestMethod.PUT,
            RequestMethod.DELETE, RequestMethod.PATCH);

    @Autowired
    ApplicationContext context;

    @Test
    void shouldRefuseAValidTripPartForAClientThatAcceptsOnlyXmlAndPublishNothing() {
        try (TopicProbe<DriverAssigned> topic = probe(Topics.DRIVER_ASSIGNED)) {
            http.post().uri("/trips/driver-assigned").contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_XML)
                    .bodyValue("""
                            {"trip_id": "T-406", "driver_id": "D-1", "vehicle_plate": "X",
                             "assigned_at": "2026-11-23T10:00:00Z"}""")
                    .exchange()
                    .expectStatus().isEqualTo(406)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

            assertThat(topic.recordsWrittenSinceStart()).isZero();
        }
    }

    @Test
    void shouldDeclareWhatItProducesOnEveryAnnotatedRouteThatWrites() {
        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        mapping.getHandlerMethods().forEach((info, method) -> {
            if (!method.getBeanType().getPackageName().startsWith("io.streamgate")
                    || info.getMethodsCondition().getMethods().stream().noneMatch(WRITING::contains)) {
                return;
            }
            assertThat(produces(info)).as("produces of %s", method).isNotEmpty();
        });
    }

    private static Set<MediaType> produces(RequestMappingInfo info) {
        return info.getProducesCondition().getProducibleMediaTypes();
    }
}
