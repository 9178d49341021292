package io.streamgate.platform.edge;

import io.netty.channel.EventLoop;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.Connection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The event loop of the connection a request arrived on, and a way to wait for a future there.
 *
 * <p>Why it matters: a {@code Mono.fromFuture} continues on the thread that completes the future. For a Kafka ack that
 * is the producer's single I/O thread, which then ran the rest of every request (the result handler, the JSON body,
 * the metrics, the hand-over of the write to the event loop) before it could read the next ack or send the next
 * batch: one thread serialising the tail of all requests. Continuing on the connection's own event loop spreads that
 * work over the event loops, where the response is written anyway, and leaves the I/O thread to do I/O.
 */
public final class RequestEventLoop {

    private RequestEventLoop() {
    }

    /**
     * Completes with {@code future}'s value or failure on the event loop of the exchange's connection (at once when
     * the future completes there). Without a Netty connection (a mock exchange) it behaves as {@code Mono.fromFuture}.
     */
    public static <T> Mono<T> await(ServerWebExchange exchange, CompletableFuture<? extends T> future) {
        return await(of(exchange.getRequest()), future);
    }

    /** {@link #await(ServerWebExchange, CompletableFuture)} on a given loop, or as {@code Mono.fromFuture} without. */
    static <T> Mono<T> await(EventLoop loop, CompletableFuture<? extends T> future) {
        if (loop == null) {
            return Mono.fromFuture(future);
        }
        return Mono.create(sink -> future.whenComplete((value, failure) -> {
            if (loop.inEventLoop()) {
                complete(sink, value, failure);
                return;
            }
            try {
                loop.execute(() -> complete(sink, value, failure));
            } catch (RejectedExecutionException shuttingDown) {
                // The server is stopping: answer from this thread rather than never.
                complete(sink, value, failure);
            }
        }));
    }

    /** The event loop of the Netty connection carrying {@code request}, or {@code null} when there is none. */
    static EventLoop of(ServerHttpRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        return nativeRequest instanceof Connection connection ? connection.channel().eventLoop() : null;
    }

    private static <T> void complete(MonoSink<T> sink, T value, Throwable failure) {
        if (failure == null) {
            sink.success(value);
        } else {
            // As Mono.fromFuture: the failure itself, not the wrapper a dependent stage puts around it.
            sink.error(failure instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : failure);
        }
    }
}
