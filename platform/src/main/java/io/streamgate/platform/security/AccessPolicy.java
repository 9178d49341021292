package io.streamgate.platform.security;

import io.streamgate.platform.edge.Routes;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a request needs, from the systems' {@link Routes} declarations and the platform's open paths: nothing (an open
 * route: probes, metrics, the API description, static pages), a scope, or, for a route that declares neither, any
 * authenticated caller. Exact paths are one map look-up; patterns are tried in declaration order after a miss.
 */
final class AccessPolicy {

    /** What a request needs. {@code scope} null: any authenticated caller (unless {@code open}). */
    record Need(boolean open, String scope) {
    }

    private static final Need AUTHENTICATED = new Need(false, null);
    private static final Need OPEN = new Need(true, null);

    private final List<String> openPrefixes;
    private final Map<String, Routes.Route> exact = new HashMap<>();
    private final List<Map.Entry<PathPattern, Routes.Route>> patterns = new ArrayList<>();

    AccessPolicy(List<Routes> declarations, List<String> openPrefixes) {
        this.openPrefixes = List.copyOf(openPrefixes);
        PathPatternParser parser = PathPatternParser.defaultInstance;
        for (Routes routes : declarations) {
            for (Routes.Route route : routes.routes()) {
                if (route.scopes().isEmpty() && !route.isOpen()) {
                    continue;
                }
                if (route.isPattern()) {
                    patterns.add(Map.entry(parser.parse(route.path()), route));
                } else {
                    exact.merge(route.path(), route, AccessPolicy::combine);
                }
            }
        }
    }

    Need need(String path, String method) {
        for (String prefix : openPrefixes) {
            if (path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                return OPEN;
            }
        }
        Routes.Route route = exact.get(path);
        if (route == null && !patterns.isEmpty()) {
            PathContainer container = PathContainer.parsePath(path);
            for (Map.Entry<PathPattern, Routes.Route> pattern : patterns) {
                if (pattern.getKey().matches(container)) {
                    route = pattern.getValue();
                    break;
                }
            }
        }
        if (route == null) {
            return AUTHENTICATED;
        }
        if (route.isOpen()) {
            return OPEN;
        }
        String scope = route.scopeFor(method);
        return scope == null ? AUTHENTICATED : new Need(false, scope);
    }

    /** Two systems declaring the same path: their access declarations together (the later wins per method). */
    private static Routes.Route combine(Routes.Route first, Routes.Route second) {
        Routes.Route combined = first;
        for (Map.Entry<String, String> scope : second.scopes().entrySet()) {
            combined = scope.getKey().equals("*") ? combined.requires(scope.getValue())
                    : combined.requires(scope.getValue(), org.springframework.http.HttpMethod.valueOf(scope.getKey()));
        }
        return second.isOpen() ? combined.open() : combined;
    }
}
