package io.streamgate.platform.edge;

import org.springframework.web.server.ServerWebExchange;

import java.net.InetSocketAddress;

/**
 * Who a request comes from, as the rate limit and idempotency keys count clients: the authenticated principal when
 * authentication is on and the request carried valid credentials, else the API key header's value (a name the client
 * chose, not a credential, while authentication is off), else the remote address.
 */
public final class Clients {

    static final String AUTHENTICATED = Clients.class.getName() + ".authenticated";

    private Clients() {
    }

    /** Records the principal authentication found for this request. */
    public static void authenticated(ServerWebExchange exchange, String principal) {
        exchange.getAttributes().put(AUTHENTICATED, principal);
    }

    /** The authenticated principal's name, or null. */
    public static String principal(ServerWebExchange exchange) {
        return exchange.getAttribute(AUTHENTICATED);
    }

    /**
     * The client for counting: {@code principal:<name>}, {@code key:<header value>} (at most 128 characters, so that
     * a client cannot grow a map's keys without bound) or {@code addr:<address>}.
     */
    public static String of(ServerWebExchange exchange, String clientHeader) {
        String principal = principal(exchange);
        if (principal != null) {
            return "principal:" + principal;
        }
        String key = exchange.getRequest().getHeaders().getFirst(clientHeader);
        if (key != null && !key.isBlank()) {
            return "key:" + (key.length() > 128 ? key.substring(0, 128) : key);
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "addr:unknown"
                : "addr:" + remote.getAddress().getHostAddress();
    }
}
