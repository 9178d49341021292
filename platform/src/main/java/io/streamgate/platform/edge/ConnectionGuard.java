package io.streamgate.platform.edge;

import io.streamgate.platform.problems.ApiProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
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
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
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
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
 * <p>
 * <b>Over TLS</b> the same bounds hold, counted from the connection's opening, so the TLS handshake must also be done
 * within the head bound. HTTP/1.1 over TLS is guarded exactly as in plain text (the handlers sit between the TLS
 * handler and the codec, on the decrypted bytes). With ALPN the protocol is known only once the handshake is done, when
 * reactor-netty adds the codec it chose: the guard then adds its handlers around that codec. <b>HTTP/2</b> carries many
 * requests (streams) on one connection, framed: a head is a stream's HEADERS (and CONTINUATION) frames, and a request is
 * in progress from its HEADERS until its response's last frame (or a reset). The deadlines follow that: the head bound
 * is armed when a HEADERS frame begins while no stream is in progress (control frames, such as a client's
 * WINDOW_UPDATE after a response, do not arm it, so an idle connection keeps its idle bound), and the idle bound when
 * the last stream in progress ends; a connection closed by either is told so with GOAWAY. A stream whose head is over
 * the HTTP/1.1 limits (request line, headers, measured as the HTTP/1.1 head would be) or whose path is not a valid URI
 * gets the same 414, 431 or 400 problem as an HTTP/1.1 request, on that stream alone: HTTP/2 knows where the next
 * request begins, so the connection stays open. A handshake that fails is counted
 * ({@code streamgate_http_tls_handshake_failures_total}) and the connection closed, without a log line per client.
 */
final class ConnectionGuard implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final String RAW_BYTES = "streamgate.requestHeadStart";
    private static final String DECODED = "streamgate.requestHeadEnd";
    private static final String OPENED = "streamgate.connectionOpened";
    private static final String NEGOTIATED = "streamgate.protocolNegotiated";
    private static final String STREAMS = "streamgate.http2Streams";

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
    private final Counter handshakeFailures;
    private final Counter handshakesByOpenSsl;
    private final Counter handshakesByJdk;
    private final String strictTransportSecurity;

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
        this.handshakeFailures = Counter.builder("streamgate.http.tls.handshake.failures")
                .description("TLS connections closed because their handshake failed (or did not end in time)")
                .register(meters);
        this.handshakesByOpenSsl = handshakes(meters, TlsEngine.OPENSSL);
        this.handshakesByJdk = handshakes(meters, TlsEngine.JDK);
        this.strictTransportSecurity = settings.tls().strictTransportSecurity();
        Gauge.builder("streamgate.http.connections.open", open, AtomicInteger::get)
                .description("Client connections open across every HTTP listener")
                .register(meters);
        log.info("HTTP edge: at most {} connections, request head within {}, idle connections closed after {}",
                maxConnections, headTimeout, idleTimeout);
    }

    int maxConnections() {
        return maxConnections;
    }

    private static Counter handshakes(MeterRegistry meters, String engine) {
        return Counter.builder("streamgate.http.tls.handshakes").tag("engine", engine)
                .description("TLS handshakes completed, by the engine that did them and encrypts the connection: "
                        + "OpenSSL (netty-tcnative's BoringSSL) or the JDK's SSLEngine")
                .register(meters);
    }

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        factory.addServerCustomizers(server -> {
            // Boot's customizers, which set the decoder's limits from server.* settings, ran before this one.
            HttpRequestDecoderSpec decoder = server.configuration().decoder();
            DecoderLimits limits = new DecoderLimits(decoder.maxInitialLineLength(), decoder.maxHeaderSize());
            return server.idleTimeout(idleTimeout)
                    // HTTP/2's own bound on a head (HPACK-decoded), beyond which Netty refuses it with a bare 431: above
                    // the HTTP/1.1 limits, so that those are answered with the same problem as on HTTP/1.1.
                    .http2Settings(http2 -> http2.maxHeaderListSize(2L * (limits.requestLineBytes()
                            + limits.headerBytes())))
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
        ChannelPipeline pipeline = channel.pipeline();
        boolean secure = pipeline.get(NettyPipeline.SslHandler) != null;
        ConnectionDeadline deadline = new ConnectionDeadline(secure);
        if (secure) {
            // reactor-netty tells the handlers after TLS that the connection is active only once the handshake is
            // done: the deadline is armed in front of TLS, so that the handshake counts against it too.
            pipeline.addFirst(OPENED, deadline.opened());
        }
        if (pipeline.get(NettyPipeline.HttpCodec) != null) {
            // HTTP/1.1, in plain text or over TLS without ALPN: the codec is there from the start.
            pipeline.addBefore(NettyPipeline.HttpCodec, RAW_BYTES, deadline.rawBytes());
            pipeline.addAfter(NettyPipeline.HttpCodec, DECODED, deadline.decoded(limits));
        } else if (pipeline.get(NettyPipeline.H2OrHttp11Codec) != null) {
            // TLS with ALPN: the codec is chosen when the handshake is done.
            pipeline.addBefore(NettyPipeline.H2OrHttp11Codec, RAW_BYTES, deadline.rawBytes());
            pipeline.addAfter(NettyPipeline.H2OrHttp11Codec, NEGOTIATED, deadline.negotiated(limits));
        }
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

        /** Whether the connection is TLS: its answers then carry {@code Strict-Transport-Security}. */
        private final boolean secure;
        /** Until the TLS handshake is done, a failure is a handshake failure; plain connections have none. */
        private boolean handshaking;
        /** After a failed handshake every later report of it is swallowed too (the event and the exception both come). */
        private boolean handshakeFailed;
        /** HTTP/2's frame boundaries in the raw bytes, once HTTP/2 is negotiated; null for HTTP/1.1. */
        private Http2FrameStarts frames;
        /** The HTTP/2 handler's context, to say GOAWAY before a deadline closes the connection; null for HTTP/1.1. */
        private ChannelHandlerContext http2;
        private int inProgress;
        /** The kind of the armed deadline, or null when none is armed. */
        private Waiting armed;
        /** When the connection is closed if the deadline is still armed, on the event loop's ticker. */
        private long deadlineNanos;
        private ScheduledFuture<?> pending;

        ConnectionDeadline(boolean secure) {
            this.secure = secure;
            this.handshaking = secure;
        }

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
            if (http2 != null) {
                // No stream is in progress (else no deadline would be armed): GOAWAY tells the client that none of its
                // streams was or will be processed, then the connection closes without HTTP/2's graceful wait.
                http2.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.channel().close();
        }

        private void stop() {
            disarm();
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }

        /** The first handler of a TLS connection: arms the head deadline as the connection opens. */
        ChannelInboundHandlerAdapter opened() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    armHead(ctx);
                    ctx.fireChannelActive();
                }
            };
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
                    if (frames == null || (msg instanceof ByteBuf bytes && frames.headersBegin(bytes))) {
                        armHead(ctx);
                    }
                    ctx.fireChannelRead(msg);
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt instanceof SslHandshakeCompletionEvent handshake) {
                        if (!handshake.isSuccess()) {
                            handshakeFailed(ctx);
                            return;
                        }
                        handshaking = false;
                        // The SslHandler, not in the pipeline before the handshake: reactor-netty's SNI handler
                        // stands in its place until the client's hello has named the host.
                        SslHandler tls = ctx.pipeline().get(SslHandler.class);
                        (tls != null && tls.engine() instanceof ReferenceCountedOpenSslEngine
                                ? handshakesByOpenSsl : handshakesByJdk).increment();
                    }
                    ctx.fireUserEventTriggered(evt);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    if (handshaking || handshakeFailed) {
                        handshakeFailed(ctx);
                        return;
                    }
                    ctx.fireExceptionCaught(cause);
                }

                /**
                 * A client that does not trust the certificate, shares no protocol, is no TLS client at all (a port
                 * scanner), or did not finish within the head deadline: counted once, closed, and neither the failure
                 * nor the event passed on, where reactor-netty's and Netty's handlers would log a warning for each.
                 */
                private void handshakeFailed(ChannelHandlerContext ctx) {
                    if (handshaking) {
                        handshaking = false;
                        handshakeFailed = true;
                        handshakeFailures.increment();
                    }
                    stop();
                    ctx.close();
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    stop();
                    ctx.fireChannelInactive();
                }
            };
        }

        /**
         * After the TLS handshake, when reactor-netty's ALPN handler has put the codec of the negotiated protocol in
         * place (it passes the handshake event on after that): adds the handlers that go after the codec, and leaves.
         */
        ChannelInboundHandlerAdapter negotiated(DecoderLimits limits) {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt instanceof SslHandshakeCompletionEvent handshake && handshake.isSuccess()) {
                        ChannelPipeline pipeline = ctx.pipeline();
                        ChannelHandler codec = pipeline.get(NettyPipeline.HttpCodec);
                        if (codec instanceof Http2FrameCodec) {
                            frames = new Http2FrameStarts();
                            pipeline.addAfter(NettyPipeline.HttpCodec, STREAMS, streams(limits));
                        } else if (codec != null) {
                            pipeline.addAfter(NettyPipeline.HttpCodec, DECODED, decoded(limits));
                        }
                        pipeline.remove(this);
                    }
                    ctx.fireUserEventTriggered(evt);
                }
            };
        }

        /**
         * HTTP/2, between the frame codec and reactor-netty's stream multiplexer: counts the streams in progress (from a
         * stream's first HEADERS to its response's last frame, a reset or its close), disarms the head deadline when a
         * stream's head is decoded, and answers a head over the limits on its stream.
         */
        ChannelDuplexHandler streams(DecoderLimits limits) {
            return new ChannelDuplexHandler() {
                /** Streams whose response has not ended. */
                private final Set<Integer> active = new HashSet<>();
                /** Streams answered here, whose frames the application never sees. */
                private final Set<Integer> refused = new HashSet<>();
                /** Clients open streams in increasing order: a HEADERS frame of an older one is its trailers. */
                private int lastStreamId;

                @Override
                public void handlerAdded(ChannelHandlerContext ctx) {
                    http2 = ctx;
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof Http2StreamFrame frame && frame.stream() != null) {
                        int id = frame.stream().id();
                        if (refused.contains(id)) {
                            ReferenceCountUtil.release(msg);
                            return;
                        }
                        if (msg instanceof Http2HeadersFrame headers && id > lastStreamId) {
                            lastStreamId = id;
                            disarm();
                            ApiProblem problem = headProblem(headers.headers(), limits);
                            if (problem != null) {
                                refused.add(id);
                                answer(ctx, headers, problem);
                                ReferenceCountUtil.release(msg);
                                return;
                            }
                            active.add(id);
                            inProgress++;
                        } else if (msg instanceof Http2ResetFrame) {
                            ended(ctx, id);
                        }
                    }
                    ctx.fireChannelRead(msg);
                }

                @Override
                public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                    if (msg instanceof Http2StreamFrame frame && frame.stream() != null && lastFrameOf(msg)) {
                        ended(ctx, frame.stream().id());
                    }
                    ctx.write(msg, promise);
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt instanceof Http2FrameStreamEvent event && event.type() == Http2FrameStreamEvent.Type.State
                            && event.stream().state() == Http2Stream.State.CLOSED) {
                        refused.remove(event.stream().id());
                        ended(ctx, event.stream().id());
                    }
                    ctx.fireUserEventTriggered(evt);
                }

                private void ended(ChannelHandlerContext ctx, int id) {
                    if (active.remove(id) && --inProgress == 0) {
                        armIdle(ctx);
                    }
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
                            answerUndecodable(ctx, request, limits, secure);
                        }
                        return;
                    }
                    if (msg instanceof HttpRequest request) {
                        disarm();
                        if (!RequestTargets.acceptable(request.uri())) {
                            // Spring would answer it with a bare 400 (its request cannot hold an invalid URI).
                            ReferenceCountUtil.release(msg);
                            undecodable = true;
                            answer(ctx, request, invalidTarget(), null, secure);
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
    private void answerUndecodable(ChannelHandlerContext ctx, HttpRequest request, DecoderLimits limits,
                                   boolean secure) {
        Throwable cause = request.decoderResult().cause();
        ApiProblem problem;
        if (cause instanceof TooLongHttpLineException) {
            problem = uriTooLong(limits);
        } else if (cause instanceof TooLongHttpHeaderException) {
            problem = headersTooLarge(limits);
        } else {
            problem = ApiProblem.badRequest("The request line or a header is not valid HTTP/1.1.");
        }
        // A head that failed in its request line has no path of its own (the codec names it /bad-request).
        String instance = cause instanceof TooLongHttpLineException || !request.uri().startsWith("/")
                || request.uri().equals("/bad-request") ? null : new QueryStringDecoder(request.uri()).path();
        answer(ctx, request, problem, instance, secure);
    }

    private static ApiProblem uriTooLong(DecoderLimits limits) {
        return new ApiProblem(HttpStatus.URI_TOO_LONG, "URI too long", "The request line (method, path and "
                + "query string) is longer than the " + limits.requestLineBytes() + " bytes this server accepts; "
                + "send large inputs in a request body.", null, null, Map.of("limit_bytes", limits.requestLineBytes()));
    }

    private static ApiProblem headersTooLarge(DecoderLimits limits) {
        return new ApiProblem(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request headers too large",
                "The request's headers together are longer than the " + limits.headerBytes()
                        + " bytes this server accepts.", null, null, Map.of("limit_bytes", limits.headerBytes()));
    }

    private static ApiProblem invalidTarget() {
        // Spring would answer it with a bare 400 (its request cannot hold an invalid URI).
        return ApiProblem.badRequest("The request target is not a valid URI: characters such as space, '\"', '<', "
                + "'>', '{' and '|' must be percent-encoded, and '%' must begin a %HH escape.");
    }

    /** Writes {@code problem} as the answer to {@code request}, then closes the connection. */
    private void answer(ChannelHandlerContext ctx, HttpRequest request, ApiProblem problem, String instance,
                        boolean secure) {
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
        if (secure) {
            response.headers().set(StrictTransportSecurityFilter.HEADER, strictTransportSecurity);
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * What an HTTP/1.1 codec would refuse in this HTTP/2 head, measured as its HTTP/1.1 form would be: the request line
     * ({@code METHOD SP path SP HTTP/1.1}), the header lines ({@code name: value}, the authority as {@code host}), and
     * the path as a URI. Null when it is acceptable.
     */
    private static ApiProblem headProblem(Http2Headers headers, DecoderLimits limits) {
        CharSequence method = headers.method();
        CharSequence path = headers.path();
        int line = (method == null ? 0 : method.length()) + 1 + (path == null ? 0 : path.length()) + 9;
        if (line > limits.requestLineBytes()) {
            return uriTooLong(limits);
        }
        int headerBytes = headers.authority() == null ? 0 : 6 + headers.authority().length();
        for (Map.Entry<CharSequence, CharSequence> header : headers) {
            if (header.getKey().length() > 0 && header.getKey().charAt(0) != ':') {
                headerBytes += header.getKey().length() + 2 + header.getValue().length();
            }
        }
        if (headerBytes > limits.headerBytes()) {
            return headersTooLarge(limits);
        }
        return path != null && !RequestTargets.acceptable(path.toString()) ? invalidTarget() : null;
    }

    /**
     * Writes {@code problem} on the stream of {@code request} (HTTP/2), and asks the client to stop sending that
     * stream's body, if it has one (a reset with no error after a complete answer, RFC 9113 section 8.1). The
     * connection and its other streams go on.
     */
    private void answer(ChannelHandlerContext ctx, Http2HeadersFrame request, ApiProblem problem) {
        CharSequence offered = request.headers().get(RequestIds.HEADER.toLowerCase(java.util.Locale.ROOT));
        String requestId = offered != null && RequestIds.acceptable(offered.toString()) ? offered.toString()
                : RequestIds.generate();
        CharSequence path = request.headers().path();
        String instance = problem.status() == HttpStatus.URI_TOO_LONG || path == null
                || !RequestTargets.acceptable(path.toString()) ? null : new QueryStringDecoder(path.toString()).path();
        byte[] body = json.writeValueAsBytes(problem.body(instance, requestId));
        Http2FrameStream stream = request.stream();
        Http2Headers headers = new DefaultHttp2Headers()
                .status(Integer.toString(problem.status().value()))
                .set(HttpHeaderNames.CONTENT_TYPE, ProblemWebExceptionHandler.PROBLEM_JSON.toString())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(RequestIds.HEADER.toLowerCase(java.util.Locale.ROOT), requestId)
                .set(StrictTransportSecurityFilter.HEADER.toLowerCase(java.util.Locale.ROOT), strictTransportSecurity);
        ctx.write(new DefaultHttp2HeadersFrame(headers).stream(stream));
        ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true).stream(stream));
        if (!request.isEndStream()) {
            ctx.write(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR).stream(stream));
        }
        ctx.flush();
    }

    /** Whether {@code frame} ends its stream from the server's side: the response is complete, or reset. */
    private static boolean lastFrameOf(Object frame) {
        return frame instanceof Http2HeadersFrame headers && headers.isEndStream()
                || frame instanceof Http2DataFrame data && data.isEndStream()
                || frame instanceof Http2ResetFrame;
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
