package io.streamgate.platform.edge;

import io.streamgate.platform.problems.ApiProblem;
import io.netty.channel.EventLoop;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the time a handler waits for the whole request body ({@code streamgate.http.body-read-timeout}, counted from
 * the moment it starts reading): a client that sends a byte a second gets a 408 problem with
 * {@code Connection: close} instead of holding a connection and a handler for hours. A total bound, not one between
 * reads, because a byte a second never leaves a gap long enough for a per-read timeout.
 */
class BodyReadTimeoutFilter implements EdgeFilter {

    static final int ORDER = BodySizeLimitFilter.ORDER - 5;

    private final Duration timeout;
    private final Map<EventLoop, Scheduler> timers = new ConcurrentHashMap<>();

    BodyReadTimeoutFilter(HttpSettings settings) {
        this.timeout = settings.bodyReadTimeout();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        if (headers.getContentLength() <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        ServerHttpRequest bounded = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                // One timer per body (not one per chunk), cancelled when the body completes first.
                AtomicBoolean late = new AtomicBoolean();
                return super.getBody()
                        .takeUntilOther(Mono.delay(timeout, timerFor(request)).doOnNext(tick -> late.set(true)))
                        .concatWith(Mono.defer(() -> {
                            if (!late.get()) {
                                return Mono.empty();
                            }
                            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
                            return Mono.error(ApiProblem.requestTimeout(timeout));
                        }));
            }
        };
        return chain.filter(exchange.mutate().request(bounded).build());
    }

    /**
     * The connection's own event loop where there is one: scheduling and cancelling a timer there is a queue operation
     * on the thread already running the request, where the shared parallel scheduler takes a lock and may wake a
     * thread, on every request with a body.
     */
    private Scheduler timerFor(ServerHttpRequest request) {
        EventLoop loop = RequestEventLoop.of(request);
        if (loop == null) {
            return Schedulers.parallel();
        }
        return timers.computeIfAbsent(loop, key -> Schedulers.fromExecutorService(key, "body-read-timeout"));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
