package io.streamgate.platform.edge;

import io.streamgate.platform.problems.ApiProblem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The platform's three web filters, each on its own against mock exchanges. */
class FiltersTest {

    private static HttpSettings settings(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("streamgate.http", HttpSettings.class);
    }

    /** Runs {@code filter} with a chain that reads the whole body, as a JSON handler would. */
    private static ApiProblem run(EdgeFilter filter, ServerWebExchange exchange, AtomicLong bodyBytesSeen) {
        WebFilterChain readsBody = ex -> ex.getRequest().getBody()
                .doOnNext(buffer -> {
                    bodyBytesSeen.addAndGet(buffer.readableByteCount());
                    DataBufferUtils.release(buffer);
                })
                .then();
        return catchThrowableOfType(ApiProblem.class,
                () -> filter.filter(exchange, readsBody).block(Duration.ofSeconds(10)));
    }

    private static Flux<DataBuffer> body(int chunks, int chunkSize) {
        return Flux.range(0, chunks).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[chunkSize]));
    }

    @Nested
    class RequestIdFilterTest {

        private final RequestIdFilter filter = new RequestIdFilter();

        private String idSeenByTheHandler(MockServerWebExchange exchange) {
            AtomicReference<String> seen = new AtomicReference<>();
            filter.filter(exchange, ex -> {
                seen.set(RequestIds.of(ex));
                return Mono.empty();
            }).block();
            assertThat(exchange.getResponse().getHeaders().getFirst(RequestIds.HEADER)).isEqualTo(seen.get());
            return seen.get();
        }

        @Test
        void shouldKeepASaneIdTheClientSent() {
            MockServerWebExchange exchange = MockServerWebExchange.from(
                    MockServerHttpRequest.get("/x").header(RequestIds.HEADER, "trace-42:a/b=c"));

            assertThat(idSeenByTheHandler(exchange)).isEqualTo("trace-42:a/b=c");
        }

        @Test
        void shouldReplaceAMissingOrUnsafeIdWithAFreshUuid() {
            for (String offered : new String[] {null, "", "has space", "line\nbreak", "x".repeat(129)}) {
                MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/x");
                if (offered != null) {
                    request.header(RequestIds.HEADER, offered);
                }
                String id = idSeenByTheHandler(MockServerWebExchange.from(request));
                assertThat(id).as(String.valueOf(offered))
                        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            }
        }
    }

    @Nested
    class RateLimitFilterTest {

        private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        private final AtomicLong now = new AtomicLong();
        private final RateLimitFilter filter = new RateLimitFilter(settings(Map.of(
                "streamgate.http.rate-limit.capacity", "2",
                "streamgate.http.rate-limit.refill-per-second", "4")).rateLimit(), meters, now::get);

        private ApiProblem send(MockServerHttpRequest.BaseBuilder<?> request) {
            AtomicInteger passed = new AtomicInteger();
            ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> filter.filter(
                    MockServerWebExchange.from(request), ex -> Mono.fromRunnable(passed::incrementAndGet)).block());
            assertThat(passed.get()).isEqualTo(problem == null ? 1 : 0);
            return problem;
        }

        private static MockServerHttpRequest.BaseBuilder<?> from(String apiKey) {
            return MockServerHttpRequest.post("/payments").header("X-API-Key", apiKey);
        }

        @Test
        void shouldAnswer429WithTheWaitOnceAClientsBurstIsSpent() {
            assertThat(send(from("team-a"))).isNull();
            assertThat(send(from("team-a"))).isNull();

            ApiProblem limited = send(from("team-a"));

            assertThat(limited.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(limited.retryAfter()).isEqualTo(Duration.ofMillis(250));
            assertThat(meters.counter("streamgate.ratelimit.rejected").count()).isEqualTo(1);
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));
            assertThat(send(from("team-a"))).isNull();
        }

        @Test
        void shouldKeepOneBucketPerClient() {
            send(from("team-a"));
            send(from("team-a"));

            assertThat(send(from("team-b"))).isNull();
            assertThat(send(MockServerHttpRequest.post("/payments")
                    .remoteAddress(new InetSocketAddress("10.0.0.7", 5000)))).isNull();
        }

        @Test
        void shouldNeverLimitProbesMetricsOrDocs() {
            for (int i = 0; i < 10; i++) {
                assertThat(send(MockServerHttpRequest.get("/readyz").header("X-API-Key", "probe"))).isNull();
                assertThat(send(MockServerHttpRequest.get("/actuator/prometheus").header("X-API-Key", "probe")))
                        .isNull();
            }
        }
    }

    @Nested
    class BodySizeLimitFilterTest {

        private final BodySizeLimitFilter filter = new BodySizeLimitFilter(settings(Map.of(
                "streamgate.http.max-body-size", "1KB",
                "streamgate.http.body-limits.[/payments/batch]", "4KB",
                "streamgate.http.max-drain-size", "64KB")));

        @Test
        void shouldPassABodyWithinTheRoutesLimit() {
            AtomicLong seen = new AtomicLong();
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/payments/batch")
                    .header(HttpHeaders.CONTENT_LENGTH, "4096").body(body(4, 1024)));

            assertThat(run(filter, exchange, seen)).isNull();
            assertThat(seen.get()).isEqualTo(4096);
        }

        @Test
        void shouldDrainADeclaredOversizedBodyThenAnswer413AndClose() {
            AtomicLong handlerSaw = new AtomicLong();
            AtomicLong drained = new AtomicLong();
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/payments")
                    .header(HttpHeaders.CONTENT_LENGTH, "32768")
                    .body(body(32, 1024).doOnNext(buffer -> drained.addAndGet(buffer.readableByteCount()))));

            ApiProblem problem = run(filter, exchange, handlerSaw);

            assertThat(problem.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
            assertThat(problem.properties()).containsEntry("limit_bytes", 1024L);
            assertThat(handlerSaw.get()).as("the handler never runs").isZero();
            assertThat(drained.get()).as("the whole body was read before answering").isEqualTo(32768);
            assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.CONNECTION)).isEqualTo("close");
        }

        @Test
        void shouldAnswerAtOnceWhenTheBodyIsTooLargeToDrainOrTheClientWaitsFor100Continue() {
            for (MockServerHttpRequest.BodyBuilder request : new MockServerHttpRequest.BodyBuilder[] {
                    MockServerHttpRequest.post("/payments").header(HttpHeaders.CONTENT_LENGTH, "1000000"),
                    MockServerHttpRequest.post("/payments").header(HttpHeaders.CONTENT_LENGTH, "2048")
                            .header(HttpHeaders.EXPECT, "100-continue")}) {
                AtomicLong drained = new AtomicLong();
                MockServerWebExchange exchange = MockServerWebExchange.from(
                        request.body(body(2, 1024).doOnNext(buffer -> drained.addAndGet(buffer.readableByteCount()))));

                ApiProblem problem = run(filter, exchange, new AtomicLong());

                assertThat(problem.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
                assertThat(drained.get()).isZero();
            }
        }

        @Test
        void shouldStopAChunkedBodyAtTheLimitAndAnswer413OnceItEnded() {
            AtomicLong handlerSaw = new AtomicLong();
            AtomicLong drained = new AtomicLong();
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/payments")
                    .body(body(16, 1024).doOnNext(buffer -> drained.addAndGet(buffer.readableByteCount()))));

            ApiProblem problem = run(filter, exchange, handlerSaw);

            assertThat(problem.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
            assertThat(handlerSaw.get()).as("the handler sees no more than the limit").isEqualTo(1024);
            assertThat(drained.get()).isEqualTo(16 * 1024);
            assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.CONNECTION)).isEqualTo("close");
        }

        @Test
        void shouldCutOffAChunkedBodyLargerThanTheDrainLimit() {
            AtomicLong drained = new AtomicLong();
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/payments")
                    .body(body(1000, 1024).doOnNext(buffer -> drained.addAndGet(buffer.readableByteCount()))));

            ApiProblem problem = run(filter, exchange, new AtomicLong());

            assertThat(problem.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
            assertThat(drained.get()).isLessThan(1000 * 1024).isGreaterThan(64 * 1024);
        }
    }
}
