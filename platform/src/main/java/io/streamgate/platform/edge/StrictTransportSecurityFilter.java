package io.streamgate.platform.edge;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code Strict-Transport-Security} on every answer sent over HTTPS (RFC 6797: a browser ignores it over plain HTTP, so
 * it is not sent there). Its {@code max-age} is {@link HttpSettings.Tls#hstsMaxAge}. A bean only while HTTPS is served;
 * the connection guard adds the same header to the answers it writes itself over TLS.
 */
final class StrictTransportSecurityFilter implements EdgeFilter {

    static final String HEADER = "Strict-Transport-Security";

    private final String value;

    StrictTransportSecurityFilter(String value) {
        this.value = value;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getSslInfo() != null) {
            exchange.getResponse().getHeaders().set(HEADER, value);
        }
        return chain.filter(exchange);
    }

    /** Right after the request id, so that every answer, a rate limit's 429 or a CORS refusal too, carries it. */
    @Override
    public int getOrder() {
        return RequestIdFilter.ORDER + 1;
    }
}
