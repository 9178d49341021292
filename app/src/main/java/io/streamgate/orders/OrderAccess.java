package io.streamgate.orders;

import io.streamgate.platform.security.Callers;
import org.springframework.web.server.ServerWebExchange;

/**
 * Which orders a request may see and change: a client sees and changes only the orders it created, unless it holds
 * {@value #ADMIN}. While authentication is off every caller is anonymous and sees every order, as before it existed.
 *
 * @param owner the caller's name, stored with the orders it creates; null when anonymous
 * @param all   whether it sees every order
 */
record OrderAccess(String owner, boolean all) {

    /** The scope that sees and changes every client's orders (support, operations). */
    static final String ADMIN = "orders:admin";

    /** Everyone, everything: the life cycle, and every request while authentication is off. */
    static final OrderAccess EVERYONE = new OrderAccess(null, true);

    static OrderAccess of(ServerWebExchange exchange) {
        return Callers.of(exchange)
                .map(caller -> new OrderAccess(caller.name(), caller.has(ADMIN)))
                .orElse(EVERYONE);
    }
}
