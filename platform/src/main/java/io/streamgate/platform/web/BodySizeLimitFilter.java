package io.streamgate.platform.web;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Rejects request bodies larger than the route allows with 413: at once from {@code Content-Length}, and while
 * streaming for chunked bodies, so an oversized body is never buffered whole.
 */
class BodySizeLimitFilter implements WebFilter, Ordered {

    static final int ORDER = RateLimitFilter.ORDER + 10;

    private final HttpSettings settings;

    BodySizeLimitFilter(HttpSettings settings) {
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long limit = settings.bodyLimitFor(request.getPath().value());
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            return Mono.error(ApiProblem.payloadTooLarge(limit));
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        sink.error(ApiProblem.payloadTooLarge(limit));
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}
