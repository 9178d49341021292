package io.streamgate.platform.edge;

import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a system declares about its routes, next to its code, as one bean: the edge applies it to every request. A
 * route names an exact path and only what differs from the defaults:
 * <ul>
 *   <li>{@link Route#bodyLimit}: a body limit other than {@code streamgate.http.max-body-size} (16 KB). A route whose
 *   request body is a JSON array ({@code @RequestBody List<...>}) gets {@code max-batch-body-size} (1 MB) without
 *   declaring it;</li>
 *   <li>{@link Route#fromBrowsers}: a browser front end on another origin ({@code streamgate.http.cors.allowed-origins})
 *   may call it with these methods;</li>
 *   <li>{@link Route#requestIdsAssignedByServer}: the request id names what the request creates, so the server
 *   always assigns a fresh one (the client's is kept as {@link RequestIds#offered});</li>
 *   <li>{@link Route#invalidInputAs400}: the route's source document answers invalid input with 400, so every 422
 *   problem goes out as a 400 with the same body (seeds 003 and 004).</li>
 * </ul>
 * {@code streamgate.http.body-limits[<path>]} still overrides a body limit for an operator.
 *
 * @param routes the system's routes that differ from the defaults
 */
public record Routes(List<Route> routes) {

    public Routes {
        routes = List.copyOf(routes);
    }

    public static Routes of(Route... routes) {
        return new Routes(List.of(routes));
    }

    /** A route by its exact request path, e.g. {@code /submit-code}; its declarations follow. */
    public static Route path(String path) {
        if (!path.startsWith("/") || path.contains("{") || path.contains("*")) {
            throw new IllegalArgumentException("a route is an exact request path: " + path);
        }
        return new Route(path, null, Set.of(), false, false);
    }

    /** One route's declarations; each method returns the route with one more. */
    public record Route(String path, DataSize bodyLimit, Set<HttpMethod> browserMethods,
                        boolean serverAssignedRequestIds, boolean badRequestForInvalidInput) {

        public Route {
            browserMethods = Set.copyOf(browserMethods);
        }

        public Route bodyLimit(DataSize limit) {
            return new Route(path, limit, browserMethods, serverAssignedRequestIds, badRequestForInvalidInput);
        }

        /** Browsers on the allowed origins may call it with {@code methods} (GET also allows HEAD). */
        public Route fromBrowsers(HttpMethod... methods) {
            Set<HttpMethod> allowed = new LinkedHashSet<>(List.of(methods));
            if (allowed.contains(HttpMethod.GET)) {
                allowed.add(HttpMethod.HEAD);
            }
            return new Route(path, bodyLimit, allowed, serverAssignedRequestIds, badRequestForInvalidInput);
        }

        public Route requestIdsAssignedByServer() {
            return new Route(path, bodyLimit, browserMethods, true, badRequestForInvalidInput);
        }

        public Route invalidInputAs400() {
            return new Route(path, bodyLimit, browserMethods, serverAssignedRequestIds, true);
        }
    }
}
