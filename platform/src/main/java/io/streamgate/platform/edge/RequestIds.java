package io.streamgate.platform.edge;

import org.slf4j.MDC;
import org.springframework.web.server.ServerWebExchange;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Request ids: the {@code X-Request-ID} a client sent (when it is a sane token) or a new one, kept on the exchange,
 * returned on the response, carried as a Kafka header and put into the logging MDC under {@value #MDC_KEY}.
 *
 * <p>The web stack is non-blocking, so a thread-local MDC cannot simply be set for the whole request: code that logs
 * on behalf of a request wraps the call in {@link #withMdc(String, Runnable)}.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-ID";
    public static final String MDC_KEY = "requestId";
    static final String ATTRIBUTE = RequestIds.class.getName() + ".id";
    static final String OFFERED_ATTRIBUTE = RequestIds.class.getName() + ".offered";

    // Visible ASCII without quotes, spaces or separators that would need escaping in logs or headers.
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    private RequestIds() {
    }

    /** The request id of this exchange; set by {@link RequestIdFilter} before any handler runs. */
    public static String of(ServerWebExchange exchange) {
        String id = exchange.getAttribute(ATTRIBUTE);
        return id != null ? id : "";
    }

    /**
     * The sane {@code X-Request-ID} the client sent on a {@link Routes.Route#requestIdsAssignedByServer server-assigned} route, where
     * the exchange's id is the server's own: the client's correlation id, to log and pass on. Empty elsewhere (there
     * the client's sane id is {@link #of} itself) and when the client sent none.
     */
    public static Optional<String> offered(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(OFFERED_ATTRIBUTE));
    }

    static boolean acceptable(String candidate) {
        return candidate != null && ACCEPTABLE.matcher(candidate).matches();
    }

    /** A random (version 4) UUID string; not for secrets, which is why a cheap random source is enough. */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(msb, lsb).toString();
    }

    public static void withMdc(String requestId, Runnable logging) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_KEY, requestId)) {
            logging.run();
        }
    }
}
