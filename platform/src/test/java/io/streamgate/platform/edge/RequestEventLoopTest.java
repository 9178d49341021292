package io.streamgate.platform.edge;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestEventLoopTest {

    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() throws InterruptedException {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldDeliverTheValueOnTheEventLoopNotOnTheThreadThatCompletedTheFuture() throws Exception {
        CompletableFuture<String> ack = new CompletableFuture<>();
        AtomicReference<Boolean> onLoop = new AtomicReference<>();
        Mono<String> reply = RequestEventLoop.await(loop, ack).doOnNext(value -> onLoop.set(loop.inEventLoop()));
        Thread producerIoThread = Thread.ofPlatform().start(() -> ack.complete("acked"));
        producerIoThread.join();

        assertThat(reply.block(Duration.ofSeconds(5))).isEqualTo("acked");
        assertThat(onLoop.get()).isTrue();
    }

    @Test
    void shouldFailWithTheCauseNotTheWrapperOfADependentStage() {
        CompletableFuture<String> failed = new CompletableFuture<>();
        CompletableFuture<String> dependent = failed.thenApply(value -> value);
        failed.completeExceptionally(new IllegalStateException("broker down"));

        assertThatThrownBy(() -> RequestEventLoop.await(loop, dependent).block(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(CompletionException.class)
                .hasMessage("broker down");
    }

    @Test
    void shouldStillAnswerWhenTheLoopIsShuttingDown() throws InterruptedException {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        CompletableFuture<String> ack = new CompletableFuture<>();
        Mono<String> reply = RequestEventLoop.await(loop, ack);
        Thread.ofPlatform().start(() -> ack.complete("acked"));

        assertThat(reply.block(Duration.ofSeconds(5))).isEqualTo("acked");
    }

    @Test
    void shouldBehaveAsFromFutureWithoutAConnection() {
        assertThat(RequestEventLoop.await((EventLoop) null, CompletableFuture.completedFuture("acked"))
                .block(Duration.ofSeconds(5))).isEqualTo("acked");
    }
}
