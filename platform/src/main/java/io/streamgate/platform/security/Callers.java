package io.streamgate.platform.security;

import org.springframework.web.server.ServerWebExchange;

import java.util.Optional;

/** The {@link Caller} of a request; empty while authentication is off (every caller is anonymous then). */
public final class Callers {

    static final String ATTRIBUTE = Callers.class.getName() + ".caller";

    private Callers() {
    }

    public static Optional<Caller> of(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }
}
