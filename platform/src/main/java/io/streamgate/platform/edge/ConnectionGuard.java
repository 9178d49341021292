package io.streamgate.platform.edge;

import io.streamgate.platform.problems.ApiProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;
import reactor.netty.http.HttpDecoderSpec;
import reactor.netty.http.server.HttpRequestDecoderSpec;
import tools.jackson.databind.json.JsonMapper;

import java.lang.management.ManagementFactory;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Protects every HTTP listener (the main port and each {@link AdditionalPort}, which both build their server through
 * Boot's {@code WebServerFactoryCustomizer}s) from clients that hold connections without using them:
 * <ul>
 *   <li>a request head (request line and headers) must be complete within {@code request-head-timeout}, counted from
 *   the connection's opening or, on a kept-alive connection, from the first byte of the next request, so a client
 *   that sends half a head, or a header a minute, is closed;</li>
 *   <li>a kept-alive connection idle for {@code idle-timeout} between requests is closed (reactor-netty's own idle
 *   timeout, and a deadline of the guard's own, which holds even when the next request sits unread);</li>
 *   <li>at most {@code max-connections} connections are open at once across all listeners; one more is accepted and
 *   closed at once, so file descriptors for Kafka, Postgres and logs are never exhausted by clients.</li>
 * </ul>
 * Netty handlers rather than a {@code WebFilter}: a filter runs only once a head is decoded, which is exactly what a
 * slow client never lets happen. reactor-netty's {@code readTimeout}/{@code requestTimeout} bound the body only.
 */
final class ConnectionGuard implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final String RAW_BYTES = "streamgate.requestHeadStart";
    private static final String DECODED = "streamgate.requestHeadEnd";

    private final Duration headTimeout;
    private final long headTimeoutNanos;
    private final Duration idleTimeout;
    private final long idleTimeoutNanos;
    private final long shortestTimeoutNanos;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter rejected;
    private final Counter headTimeouts;
    private final Counter idleTimeouts;

    private final JsonMapper json;

    ConnectionGuard(HttpSettings settings, MeterRegistry meters) {
        this(settings, meters, JsonMapper.builder().build());
    }

    ConnectionGuard(HttpSettings settings, MeterRegistry meters, JsonMapper json) {
        this.json = json;
        this.headTimeout = settings.requestHeadTimeout();
        this.headTimeoutNanos = headTimeout.toNanos();
        this.idleTimeout = settings.idleTimeout();
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.shortestTimeoutNanos = Math.min(headTimeoutNanos, idleTimeoutNanos);
        this.maxConnections = settings.maxConnections() != null ? settings.maxConnections()
                : derivedMaxConnections(settings.reservedFileDescriptors());
        this.rejected = Counter.builder("streamgate.http.connections.rejected")
                .description("Connections closed at once because max-connections were already open")
                .register(meters);
        this.headTimeouts = Counter.builder("streamgate.http.request.head.timeouts")
                .description("Connections closed because a request head was not complete within request-head-timeout")
                .register(meters);
        this.idleTimeouts = Counter.builder("streamgate.http.connections.idle.closed")
                .description("Kept-alive connections closed because no request began within idle-timeout")
                .register(meters);
        Gauge.builder("streamgate.http.connections.open", open, AtomicInteger::get)
                .description("Client connections open across every HTTP listener")
                .register(meters);
        log.info("HTTP edge: at most {} connections, request head within {}, idle connections closed after {}",
                maxConnections, headTimeout, idleTimeout);
    }

    int maxConnections() {
        return maxConnections;
    }

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        factory.addServerCustomizers(server -> {
            // Boot's customizers, which set the decoder's limits from server.* settings, ran before this one.
            HttpRequestDecoderSpec decoder = server.configuration().decoder();
            DecoderLimits limits = new DecoderLimits(decoder.maxInitialLineLength(), decoder.maxHeaderSize());
            return server.idleTimeout(idleTimeout)
                    .doOnChannelInit((observer, channel, remote) -> guard(channel, limits));
        });
    }

    /** The request line and header limits of a listener's HTTP decoder, named in the problems that exceed them. */
    record DecoderLimits(int requestLineBytes, int headerBytes) {
    }

    void guard(ConnectionObserver observer, Channel channel, SocketAddress remote) {
        guard(channel, new DecoderLimits(HttpDecoderSpec.DEFAULT_MAX_INITIAL_LINE_LENGTH,
                HttpDecoderSpec.DEFAULT_MAX_HEADER_SIZE));
    }

    private void guard(Channel channel, DecoderLimits limits) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            rejected.increment();
            channel.close();
            return;
        }
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        if (channel.pipeline().get(NettyPipeline.HttpCodec) == null) {
            return;
        }
        ConnectionDeadline deadline = new ConnectionDeadline();
        channel.pipeline().addBefore(NettyPipeline.HttpCodec, RAW_BYTES, deadline.rawBytes());
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, DECODED, deadline.decoded(limits));
    }

    /**
     * One connection's deadline, of one of two kinds:
     * <ul>
     *   <li>a <em>head</em> deadline ({@code request-head-timeout}), armed when the connection opens and when bytes
     *   arrive while no request is in progress, disarmed when the codec has decoded a head;</li>
     *   <li>an <em>idle</em> deadline ({@code idle-timeout}), armed when the last response in progress has been
     *   written, replaced by a head deadline when the next request's first byte is read. It duplicates reactor-netty's
     *   own idle timeout on purpose: that one is armed by reactor-netty's request state machine, and a connection
     *   whose next request sits unread in the socket while no request is in progress (reactor-netty issue 4361) was
     *   never closed by it. This one depends only on what was written and read.</li>
     * </ul>
     * Requests in progress are counted, not flagged, because pipelined heads can be decoded before the previous
     * response is written. Both handlers run on the channel's event loop.
     * <p>
     * The deadline is lazy, as Netty's {@code IdleStateHandler} is: arming and disarming only write fields, and one
     * timer task per connection at most is pending. When it runs it closes the connection if the deadline is armed and
     * has passed, waits again if the deadline is later, and ends if it is disarmed; the next arming then schedules a
     * new one. Scheduling and cancelling a task per request (an allocation and two operations on the event loop's
     * timer queue) would cost every kept-alive request what only slow clients need; this way a busy connection
     * schedules at most one task per {@code request-head-timeout}. The task never runs later than the deadline it is
     * checking: it is always scheduled at most the shorter of the two bounds ahead, and every deadline is armed at
     * least that far ahead, so a deadline armed while a task is pending never ends before the task runs.
     */
    private enum Waiting { HEAD, IDLE }

    private final class ConnectionDeadline {

        private int inProgress;
        /** The kind of the armed deadline, or null when none is armed. */
        private Waiting armed;
        /** When the connection is closed if the deadline is still armed, on the event loop's ticker. */
        private long deadlineNanos;
        private ScheduledFuture<?> pending;

        private void armHead(ChannelHandlerContext ctx) {
            if (armed != Waiting.HEAD && inProgress == 0) {
                arm(ctx, Waiting.HEAD, headTimeoutNanos);
            }
        }

        private void armIdle(ChannelHandlerContext ctx) {
            arm(ctx, Waiting.IDLE, idleTimeoutNanos);
        }

        private void arm(ChannelHandlerContext ctx, Waiting kind, long timeoutNanos) {
            armed = kind;
            deadlineNanos = ctx.executor().ticker().nanoTime() + timeoutNanos;
            if (pending == null) {
                wakeIn(ctx, Math.min(timeoutNanos, shortestTimeoutNanos));
            }
        }

        private void disarm() {
            armed = null;
        }

        private void wakeIn(ChannelHandlerContext ctx, long nanos) {
            pending = ctx.executor().schedule(() -> expire(ctx), nanos, TimeUnit.NANOSECONDS);
        }

        private void expire(ChannelHandlerContext ctx) {
            pending = null;
            if (armed == null) {
                return;
            }
            long left = deadlineNanos - ctx.executor().ticker().nanoTime();
            if (left > 0) {
                wakeIn(ctx, Math.min(left, shortestTimeoutNanos));
                return;
            }
            (armed == Waiting.HEAD ? headTimeouts : idleTimeouts).increment();
            ctx.channel().close();
        }

        private void stop() {
            disarm();
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }

        ChannelInboundHandlerAdapter rawBytes() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    armHead(ctx);
                    ctx.fireChannelActive();
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    armHead(ctx);
                    ctx.fireChannelRead(msg);
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    stop();
                    ctx.fireChannelInactive();
                }
            };
        }

        ChannelDuplexHandler decoded(DecoderLimits limits) {
            return new ChannelDuplexHandler() {
                /** After a head the codec could not decode it discards the rest; so does this handler. */
                private boolean undecodable;

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (undecodable) {
                        ReferenceCountUtil.release(msg);
                        return;
                    }
                    if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
                        ReferenceCountUtil.release(msg);
                        undecodable = true;
                        disarm();
                        // The codec reports the half head it held when the channel closed (by the deadline here, or
                        // by the client); reactor-netty would log a warning for each, so a flood of slow clients
                        // would flood the log too. Deadlines are counted in the metric.
                        if (!(request.decoderResult().cause() instanceof PrematureChannelClosureException)) {
                            answerUndecodable(ctx, request, limits);
                        }
                        return;
                    }
                    if (msg instanceof HttpRequest request) {
                        disarm();
                        if (!RequestTargets.acceptable(request.uri())) {
                            // Spring would answer it with a bare 400 (its request cannot hold an invalid URI).
                            ReferenceCountUtil.release(msg);
                            undecodable = true;
                            answer(ctx, request, ApiProblem.badRequest("The request target is not a valid URI: "
                                    + "characters such as space, '\"', '<', '>', '{' and '|' must be percent-encoded, "
                                    + "and '%' must begin a %HH escape."), null);
                            return;
                        }
                        inProgress++;
                    }
                    ctx.fireChannelRead(msg);
                }

                @Override
                public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                    if (msg instanceof LastHttpContent && inProgress > 0 && --inProgress == 0) {
                        armIdle(ctx);
                    }
                    ctx.write(msg, promise);
                }
            };
        }
    }

    /**
     * The answer to a request head the codec could not decode (reactor-netty's own is a bare status without a body or
     * a request id): the same problem+json as every other error, then the connection is closed, because the codec
     * cannot find where the next request would begin.
     */
    private void answerUndecodable(ChannelHandlerContext ctx, HttpRequest request, DecoderLimits limits) {
        Throwable cause = request.decoderResult().cause();
        ApiProblem problem;
        if (cause instanceof TooLongHttpLineException) {
            problem = new ApiProblem(HttpStatus.URI_TOO_LONG, "URI too long", "The request line (method, path and "
                    + "query string) is longer than the " + limits.requestLineBytes() + " bytes this server accepts; "
                    + "send large inputs in a request body.", null, null,
                    Map.of("limit_bytes", limits.requestLineBytes()));
        } else if (cause instanceof TooLongHttpHeaderException) {
            problem = new ApiProblem(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request headers too large",
                    "The request's headers together are longer than the " + limits.headerBytes()
                            + " bytes this server accepts.", null, null, Map.of("limit_bytes", limits.headerBytes()));
        } else {
            problem = ApiProblem.badRequest("The request line or a header is not valid HTTP/1.1.");
        }
        // A head that failed in its request line has no path of its own (the codec names it /bad-request).
        String instance = cause instanceof TooLongHttpLineException || !request.uri().startsWith("/")
                || request.uri().equals("/bad-request") ? null : new QueryStringDecoder(request.uri()).path();
        answer(ctx, request, problem, instance);
    }

    /** Writes {@code problem} as the answer to {@code request}, then closes the connection. */
    private void answer(ChannelHandlerContext ctx, HttpRequest request, ApiProblem problem, String instance) {
        String offered = request.headers().get(RequestIds.HEADER);
        String requestId = RequestIds.acceptable(offered) ? offered : RequestIds.generate();
        byte[] body = json.writeValueAsBytes(problem.body(instance, requestId));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(problem.status().value()), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, ProblemWebExceptionHandler.PROBLEM_JSON.toString())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(RequestIds.HEADER, requestId)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** The open-file limit minus what the rest of the process needs, never below 64. */
    private static int derivedMaxConnections(int reserved) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long limit = unix.getMaxFileDescriptorCount();
            return (int) Math.max(64, Math.min(Integer.MAX_VALUE, limit - reserved));
        }
        return 10_000;
    }

    /** After Boot's own customizers, so that these settings win over {@code server.netty.idle-timeout}. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
