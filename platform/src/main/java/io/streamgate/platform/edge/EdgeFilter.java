package io.streamgate.platform.edge;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * One of the platform's checks on every request (request id, CORS, authentication, rate limit, body size, body read
 * timeout): a {@code WebFilter} in all but registration. The edge runs every {@code EdgeFilter} bean, in their order,
 * as one {@code WebFilter}, so a check costs a method call rather than a filter of Spring's own. Another platform
 * package adds a check by declaring a bean at one of the orders below.
 */
public interface EdgeFilter extends Ordered {

    /** After the request id and CORS, before the rate limit: the rate limit counts the authenticated client. */
    int AUTHENTICATION_ORDER = Ordered.HIGHEST_PRECEDENCE + 7;

    /** As {@code WebFilter.filter}: continue with {@code chain}, or answer without it. */
    Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain);
}
