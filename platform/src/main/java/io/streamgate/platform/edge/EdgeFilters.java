package io.streamgate.platform.edge;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Comparator;
import java.util.List;

/**
 * The platform's {@link EdgeFilter}s as one {@code WebFilter}, each calling the next directly.
 * <p>
 * Why not five {@code WebFilter}s: WebFlux wraps every filter it chains in a {@code Mono.defer} and a checkpoint, two
 * operators through which every signal of every request then passes (subscription, request, completion, and each walk
 * up the chain for the Reactor context). The checks are synchronous until one of them hands on to the chain, so they
 * need none of that; an exception thrown by one still becomes an error signal, through the single filter WebFlux wraps.
 */
final class EdgeFilters implements WebFilter, Ordered {

    private final EdgeFilter[] filters;

    EdgeFilters(List<? extends EdgeFilter> filters) {
        this.filters = filters.stream().sorted(Comparator.comparingInt(EdgeFilter::getOrder))
                .toArray(EdgeFilter[]::new);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return new Link(0, chain).filter(exchange);
    }

    /** Before every other filter, as the first of them (the request id) must be. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** The rest of the chain from filter {@code index} on, then {@code last}. */
    private final class Link implements WebFilterChain {

        private final int index;
        private final WebFilterChain last;

        private Link(int index, WebFilterChain last) {
            this.index = index;
            this.last = last;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange) {
            if (index == filters.length) {
                return last.filter(exchange);
            }
            return filters[index].filter(exchange, new Link(index + 1, last));
        }
    }
}
