package io.streamgate.platform.edge;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request-head deadline on one connection, on the event loop's mock clock: the guard's handlers around the same
 * HTTP codec reactor-netty uses, a test handler in the application's place that answers when told. Time moves only when
 * a test moves it, so every bound is asserted to the millisecond.
 */
class ConnectionGuardHeadDeadlineTest {

    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    private static final String REQUEST = "GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    private static final String FIRST_HALF = "GET /livez HTTP/1.1\r\nHo";
    private static final String SECOND_HALF = "st: 127.0.0.1\r\n\r\n";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MockTicker clock = Ticker.newMockTicker();
    /** Requests whose heads were decoded and which the application has not answered yet, oldest first. */
    private final Deque<HttpRequest> inProgress = new ArrayDeque<>();
    private int answered;
    private EmbeddedChannel connection;

    @BeforeEach
    void open() throws Exception {
        HttpSettings settings = new Binder(new MapConfigurationPropertySource(Map.of(
                "streamgate.http.request-head-timeout", HEAD_TIMEOUT.toMillis() + "ms",
                "streamgate.http.idle-timeout", IDLE_TIMEOUT.toMillis() + "ms",
                "streamgate.http.max-connections", "10")))
                .bindOrCreate("streamgate.http", HttpSettings.class);
        ConnectionGuard guard = new ConnectionGuard(settings, meters);
        connection = EmbeddedChannel.builder().ticker(clock).register(false).build();
        connection.pipeline().addLast(NettyPipeline.HttpCodec, new HttpServerCodec());
        connection.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest request) {
                    inProgress.add(request);
                }
                ReferenceCountUtil.release(msg);
            }
        });
        // As reactor-netty calls it: when the connection is initialised, before it is active.
        guard.guard(ConnectionObserver.emptyListener(), connection, connection.remoteAddress());
        connection.register();
    }

    @AfterEach
    void close() {
        connection.finishAndReleaseAll();
    }

    @Test
    void shouldCloseAConnectionWhoseFirstHeadIsNotCompleteWithinTheTimeoutCountedFromItsOpening() {
        after(Duration.ofMillis(400));
        send(FIRST_HALF);
        after(Duration.ofMillis(599));
        assertThat(connection.isOpen()).isTrue();

        after(Duration.ofMillis(1));

        assertThat(connection.isOpen()).isFalse();
        assertThat(headTimeouts()).isEqualTo(1);
    }

    @Test
    void shouldCountTheNextHeadsTimeoutFromItsFirstByteOnAKeptAliveConnection() {
        send(REQUEST);
        answer();
        after(Duration.ofMillis(900));
        send(FIRST_HALF);
        // The first request's deadline would have ended here; the second's has 900 ms left.
        after(Duration.ofMillis(100));
        assertThat(connection.isOpen()).isTrue();
        after(Duration.ofMillis(899));
        assertThat(connection.isOpen()).isTrue();

        after(Duration.ofMillis(1));

        assertThat(connection.isOpen()).isFalse();
        assertThat(headTimeouts()).isEqualTo(1);
    }

    @Test
    void shouldKeepOpenAConnectionSendingCompleteRequestsQuicklyForLongerThanTheTimeout() {
        for (int i = 0; i < 100; i++) {
            send(REQUEST);
            answer();
            after(Duration.ofMillis(50));
        }

        assertThat(answered).isEqualTo(100);
        assertThat(connection.isOpen()).isTrue();
        assertThat(headTimeouts()).isZero();
    }

    @Test
    void shouldKeepOpenAConnectionWhoseHeadsEachArriveInPiecesWithinTheTimeoutThoughAnotherHeadIsAlwaysUnderway() {
        // 600 ms per head, 100 ms between requests: whenever a deadline of an earlier head would have ended, the
        // head then arriving is 300 or 400 ms into its own.
        for (int i = 0; i < 20; i++) {
            send(FIRST_HALF);
            after(Duration.ofMillis(600));
            assertThat(connection.isOpen()).as("open during request %d", i).isTrue();
            send(SECOND_HALF);
            answer();
            after(Duration.ofMillis(100));
        }

        assertThat(answered).isEqualTo(20);
        assertThat(connection.isOpen()).isTrue();
        assertThat(headTimeouts()).isZero();
    }

    @Test
    void shouldNotCountTimeWhileRequestsAreInProgressOrPipelinedOnesWaitNorWhileTheConnectionIsIdle() {
        send(REQUEST + REQUEST);
        assertThat(inProgress).hasSize(2);
        after(HEAD_TIMEOUT.multipliedBy(5));
        answer();
        after(HEAD_TIMEOUT.multipliedBy(5));
        answer();
        // Idle between requests: only the idle timeout closes such a connection.
        after(HEAD_TIMEOUT.multipliedBy(5));
        assertThat(connection.isOpen()).isTrue();

        send(FIRST_HALF);
        after(HEAD_TIMEOUT.minusMillis(1));
        assertThat(connection.isOpen()).isTrue();
        after(Duration.ofMillis(1));

        assertThat(connection.isOpen()).isFalse();
        assertThat(headTimeouts()).isEqualTo(1);
    }

    @Test
    void shouldLeaveABodyArrivingSlowlyToTheBodyReadTimeout() {
        send("POST /payments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10\r\n\r\n");
        for (char c : "{\"a\": 12}".toCharArray()) {
            after(HEAD_TIMEOUT.dividedBy(2));
            send(String.valueOf(c));
        }
        answer();

        assertThat(connection.isOpen()).isTrue();
        assertThat(headTimeouts()).isZero();
    }

    @Test
    void shouldEndTheDeadlineWhenTheConnectionGoesInactive() {
        send(FIRST_HALF);
        after(HEAD_TIMEOUT.dividedBy(2));

        // What the transport fires when the client goes away; the embedded channel's close() would also cancel every
        // timer of its event loop, which a real event loop does not do.
        connection.pipeline().fireChannelInactive();
        after(HEAD_TIMEOUT.multipliedBy(5));

        assertThat(headTimeouts()).as("timeouts counted after the connection went away").isZero();
    }

    @Test
    void shouldCloseAConnectionWithNoRequestInProgressAfterTheIdleTimeoutThoughNothingReadsWhatItSends() {
        send(REQUEST + REQUEST);
        answer();
        after(HEAD_TIMEOUT.multipliedBy(3));
        answer();
        // Whatever the client sends now stays unread in the socket (reactor-netty issue 4361 left a kept-alive
        // request there): nothing reaches the guard, and no request is in progress.
        after(IDLE_TIMEOUT.minusMillis(1));
        assertThat(connection.isOpen()).isTrue();

        after(Duration.ofMillis(1));

        assertThat(connection.isOpen()).isFalse();
        assertThat(idleCloses()).isEqualTo(1);
        assertThat(headTimeouts()).isZero();
    }

    @Test
    void shouldCountTheHeadTimeoutNotTheIdleOneOnceTheNextRequestBegins() {
        send(REQUEST);
        answer();
        after(IDLE_TIMEOUT.minus(HEAD_TIMEOUT.dividedBy(2)));
        send(FIRST_HALF);
        // The idle deadline would have ended here; the head has half its bound left.
        after(HEAD_TIMEOUT.dividedBy(2));
        assertThat(connection.isOpen()).isTrue();
        after(HEAD_TIMEOUT.dividedBy(2).minusMillis(1));
        assertThat(connection.isOpen()).isTrue();

        after(Duration.ofMillis(1));

        assertThat(connection.isOpen()).isFalse();
        assertThat(headTimeouts()).isEqualTo(1);
        assertThat(idleCloses()).isZero();
    }

    @Test
    void shouldKeepOpenAConnectionWhoseRequestsComeJustWithinTheIdleTimeout() {
        for (int i = 0; i < 5; i++) {
            send(REQUEST);
            answer();
            after(IDLE_TIMEOUT.minusMillis(1));
        }

        assertThat(connection.isOpen()).isTrue();
        assertThat(idleCloses()).isZero();
    }

    private void send(String bytes) {
        assertThat(connection.isOpen()).as("the connection, open to send on").isTrue();
        connection.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
    }

    /** The application answers the oldest request in progress, keeping the connection alive. */
    private void answer() {
        assertThat(inProgress).as("a request to answer").isNotEmpty();
        inProgress.remove();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.EMPTY_BUFFER);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        connection.writeAndFlush(response);
        connection.releaseOutbound();
        answered++;
    }

    private void after(Duration elapsed) {
        clock.advance(elapsed.toNanos(), TimeUnit.NANOSECONDS);
        connection.runPendingTasks();
    }

    private double idleCloses() {
        return meters.counter("streamgate.http.connections.idle.closed").count();
    }

    private double headTimeouts() {
        return meters.counter("streamgate.http.request.head.timeouts").count();
    }
}
