package io.streamgate.platform.edge;

import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a system declares about its routes, next to its code, as one bean: the edge applies it to every request. A
 * route names a path and only what differs from the defaults:
 * <ul>
 *   <li>{@link Route#bodyLimit}: a body limit other than {@code streamgate.http.max-body-size} (16 KB). A route whose
 *   request body is a JSON array ({@code @RequestBody List<...>}) gets {@code max-batch-body-size} (1 MB) without
 *   declaring it;</li>
 *   <li>{@link Route#fromBrowsers}: a browser front end on another origin ({@code streamgate.http.cors.allowed-origins})
 *   may call it with these methods;</li>
 *   <li>{@link Route#requestIdsAssignedByServer}: the request id names what the request creates, so the server
 *   always assigns a fresh one (the client's is kept as {@link RequestIds#offered});</li>
 *   <li>{@link Route#invalidInputAs400}: the route's source document answers invalid input with 400, so every 422
 *   problem goes out as a 400 with the same body (seeds 003 and 004);</li>
 *   <li>{@link Route#requires} and {@link Route#open}: the scope a caller needs when authentication is on
 *   ({@code streamgate.security.enabled}), or that the route needs none. A route that declares neither needs an
 *   authenticated caller with any scope.</li>
 * </ul>
 * {@link #path} names an exact path; {@link #pattern} a path with variables ({@code /orders/{id}}), which may only
 * declare access. {@code streamgate.http.body-limits[<path>]} still overrides a body limit for an operator.
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
        return new Route(path, false, null, Set.of(), false, false, Map.of(), false);
    }

    /** Routes by a path pattern ({@code /orders/{id}}, Spring's syntax), for access declarations only. */
    public static Route pattern(String pattern) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route pattern starts with /: " + pattern);
        }
        return new Route(pattern, true, null, Set.of(), false, false, Map.of(), false);
    }

    /**
     * One route's declarations; each method returns the route with one more.
     *
     * @param scopes the scope a caller needs, per method ({@code *}: any method not named)
     */
    public record Route(String path, boolean isPattern, DataSize bodyLimit, Set<HttpMethod> browserMethods,
                        boolean serverAssignedRequestIds, boolean badRequestForInvalidInput,
                        Map<String, String> scopes, boolean isOpen) {

        public Route {
            browserMethods = Set.copyOf(browserMethods);
            scopes = Map.copyOf(scopes);
        }

        public Route bodyLimit(DataSize limit) {
            exactOnly("a body limit");
            return new Route(path, isPattern, limit, browserMethods, serverAssignedRequestIds,
                    badRequestForInvalidInput, scopes, isOpen);
        }

        /** Browsers on the allowed origins may call it with {@code methods} (GET also allows HEAD). */
        public Route fromBrowsers(HttpMethod... methods) {
            exactOnly("browser access");
            Set<HttpMethod> allowed = new LinkedHashSet<>(List.of(methods));
            if (allowed.contains(HttpMethod.GET)) {
                allowed.add(HttpMethod.HEAD);
            }
            return new Route(path, isPattern, bodyLimit, allowed, serverAssignedRequestIds,
                    badRequestForInvalidInput, scopes, isOpen);
        }

        public Route requestIdsAssignedByServer() {
            exactOnly("server-assigned request ids");
            return new Route(path, isPattern, bodyLimit, browserMethods, true, badRequestForInvalidInput, scopes,
                    isOpen);
        }

        public Route invalidInputAs400() {
            exactOnly("the seed's 400");
            return new Route(path, isPattern, bodyLimit, browserMethods, serverAssignedRequestIds, true, scopes,
                    isOpen);
        }

        /**
         * A caller needs {@code scope} for {@code methods} (every method when none are named; GET also covers HEAD),
         * e.g. {@code requires("orders:read", GET).requires("orders:write", POST)}.
         */
        public Route requires(String scope, HttpMethod... methods) {
            Map<String, String> all = new LinkedHashMap<>(scopes);
            if (methods.length == 0) {
                all.put("*", scope);
            }
            for (HttpMethod method : methods) {
                all.put(method.name(), scope);
                if (method.equals(HttpMethod.GET)) {
                    all.putIfAbsent(HttpMethod.HEAD.name(), scope);
                }
            }
            return new Route(path, isPattern, bodyLimit, browserMethods, serverAssignedRequestIds,
                    badRequestForInvalidInput, all, isOpen);
        }

        /** Anyone may call it, also when authentication is on (probes, the API description, static pages). */
        public Route open() {
            return new Route(path, isPattern, bodyLimit, browserMethods, serverAssignedRequestIds,
                    badRequestForInvalidInput, scopes, true);
        }

        /** The scope {@code method} needs here, or null when the route names none for it. */
        public String scopeFor(String method) {
            String scope = scopes.get(method);
            return scope != null ? scope : scopes.get("*");
        }

        private void exactOnly(String what) {
            if (isPattern) {
                throw new IllegalArgumentException(what + " needs an exact path, not the pattern " + path);
            }
        }
    }
}
