package io.streamgate.platform.edge;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * One of the platform's checks on every request (request id, CORS, rate limit, body size, body read timeout): a
 * {@code WebFilter} in all but registration. {@link EdgeFilters} runs them, in their order, as one {@code WebFilter}.
 */
interface EdgeFilter extends Ordered {

    /** As {@code WebFilter.filter}: continue with {@code chain}, or answer without it. */
    Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain);
}
