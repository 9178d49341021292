package io.streamgate.platform.edge;

import io.streamgate.platform.problems.ApiProblem;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Rejects request bodies larger than the route allows with 413: from {@code Content-Length} before the handler runs,
 * and while streaming for chunked bodies, so an oversized body is never buffered whole.
 *
 * <p>Many clients ({@code requests}, {@code urllib}, most load testers) send the whole body before they read the
 * answer. Answering and closing while such a body is still arriving makes the kernel reset the connection, and the
 * client sees a reset instead of the 413. So the rest of an oversized body is read and discarded (never buffered) up
 * to {@code streamgate.http.max-drain-size}, and only then is the 413 sent, with {@code Connection: close}. A body
 * larger than that, or one whose client waits for {@code 100 Continue}, is answered at once.
 */
class BodySizeLimitFilter implements EdgeFilter {

    static final int ORDER = RateLimitFilter.ORDER + 10;

    private final HttpSettings settings;
    private final RouteTable routes;

    BodySizeLimitFilter(HttpSettings settings) {
        this(settings, RouteTable.of(settings));
    }

    BodySizeLimitFilter(HttpSettings settings, RouteTable routes) {
        this.settings = settings;
        this.routes = routes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long limit = routes.bodyLimit(request.getPath().value());
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            ApiProblem problem = ApiProblem.payloadTooLarge(limit);
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            if (declared > settings.maxDrainSize().toBytes() || expectsContinue(request)) {
                return Mono.error(problem);
            }
            return request.getBody().doOnNext(DataBufferUtils::release).then(Mono.error(problem));
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        long drainLimit = settings.maxDrainSize().toBytes();
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().<DataBuffer>handle((buffer, sink) -> {
                    long total = seen.addAndGet(buffer.readableByteCount());
                    if (total <= limit) {
                        sink.next(buffer);
                        return;
                    }
                    DataBufferUtils.release(buffer);
                    if (total > drainLimit) {
                        sink.error(ApiProblem.payloadTooLarge(limit));
                    }
                    // else: over the limit, drained and dropped until the body ends.
                }).concatWith(Mono.defer(() -> seen.get() > limit
                        ? Mono.error(ApiProblem.payloadTooLarge(limit)) : Mono.empty()))
                        .doOnError(ApiProblem.class, problem -> exchange.getResponse().getHeaders()
                                .set(HttpHeaders.CONNECTION, "close"));
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private static boolean expectsContinue(ServerHttpRequest request) {
        String expect = request.getHeaders().getFirst(HttpHeaders.EXPECT);
        return expect != null && expect.equalsIgnoreCase("100-continue");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}
