package io.streamgate.platform.edge;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Set;
import java.util.UUID;

/**
 * Accepts the client's {@code X-Request-ID} when it is a sane token, or makes one, and returns it on every response,
 * errors included. On routes with {@link Routes.Route#requestIdsAssignedByServer server-assigned} ids it always makes one, and keeps the
 * client's sane id as {@link RequestIds#offered}. Runs first so that every later filter and handler sees the id.
 */
class RequestIdFilter implements EdgeFilter {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    private final Set<String> serverAssigned;

    RequestIdFilter() {
        this(Set.of());
    }

    RequestIdFilter(Set<String> serverAssignedPaths) {
        this.serverAssigned = Set.copyOf(serverAssignedPaths);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String offered = exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER);
        boolean acceptable = RequestIds.acceptable(offered);
        String id;
        if (serverAssigned.isEmpty() || !serverAssigned.contains(exchange.getRequest().getPath().value())) {
            id = acceptable ? offered : RequestIds.generate();
        } else {
            // This id names a resource: a random UUID from the secure source, not the per-thread generator whose seeds
            // two JVMs could in theory share.
            id = UUID.randomUUID().toString();
            if (acceptable) {
                exchange.getAttributes().put(RequestIds.OFFERED_ATTRIBUTE, offered);
            }
        }
        exchange.getAttributes().put(RequestIds.ATTRIBUTE, id);
        exchange.getResponse().getHeaders().set(RequestIds.HEADER, id);
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
