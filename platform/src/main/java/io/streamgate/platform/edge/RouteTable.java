package io.streamgate.platform.edge;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.util.pattern.PathPattern;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every system's {@link Routes}, collected once, as the edge's filters read them on each request: a body limit per
 * exact path (declared, or the batch limit for a route whose body is a JSON array, or an operator's
 * {@code streamgate.http.body-limits} override), the browser routes, and the paths with server-assigned request ids
 * or seed 400s. Lookups are one hash-map get, as before the declarations existed.
 * <p>
 * JSON-array routes are found among the annotated handler methods once every singleton exists (the handler mapping
 * has registered them), which is before the server starts taking requests.
 */
final class RouteTable implements SmartInitializingSingleton {

    private final long defaultBodyLimit;
    private final long batchBodyLimit;
    private final Map<String, Long> declaredLimits = new HashMap<>();
    private final Map<String, Long> overrides = new HashMap<>();
    private final Set<String> serverAssigned = new HashSet<>();
    private final Set<String> badRequestForInvalidInput = new HashSet<>();
    private final Map<String, Set<String>> browserRoutes = new HashMap<>();
    private final ObjectProvider<RequestMappingHandlerMapping> handlerMappings;
    private volatile Map<String, Long> bodyLimits;

    RouteTable(List<Routes> declarations, HttpSettings settings,
               ObjectProvider<RequestMappingHandlerMapping> handlerMappings) {
        this.defaultBodyLimit = settings.maxBodySize().toBytes();
        this.batchBodyLimit = settings.maxBatchBodySize().toBytes();
        this.handlerMappings = handlerMappings;
        settings.bodyLimits().forEach((path, limit) -> overrides.put(path, limit.toBytes()));
        for (Routes routes : declarations) {
            for (Routes.Route route : routes.routes()) {
                if (route.bodyLimit() != null) {
                    declaredLimits.put(route.path(), route.bodyLimit().toBytes());
                }
                if (route.serverAssignedRequestIds()) {
                    serverAssigned.add(route.path());
                }
                if (route.badRequestForInvalidInput()) {
                    badRequestForInvalidInput.add(route.path());
                }
                if (!route.browserMethods().isEmpty()) {
                    browserRoutes.put(route.path(), route.browserMethods().stream()
                            .map(HttpMethod::name).collect(Collectors.toUnmodifiableSet()));
                }
            }
        }
        this.bodyLimits = merge(Map.of());
    }

    /** The routes of {@code settings} alone: operator overrides, no declarations (tests of single filters). */
    static RouteTable of(HttpSettings settings) {
        return new RouteTable(List.of(), settings, null);
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (handlerMappings == null) {
            return;
        }
        Map<String, Long> batches = new HashMap<>();
        handlerMappings.orderedStream().forEach(mapping -> mapping.getHandlerMethods().forEach((info, method) -> {
            if (takesJsonArray(method)) {
                exactPaths(info).forEach(path -> batches.put(path, batchBodyLimit));
            }
        }));
        bodyLimits = merge(batches);
    }

    private Map<String, Long> merge(Map<String, Long> batches) {
        Map<String, Long> limits = new HashMap<>(batches);
        limits.putAll(declaredLimits);
        limits.putAll(overrides);
        return Map.copyOf(limits);
    }

    private static boolean takesJsonArray(HandlerMethod method) {
        for (MethodParameter parameter : method.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                Class<?> type = parameter.getParameterType();
                return type.isArray() || Collection.class.isAssignableFrom(type);
            }
        }
        return false;
    }

    private static List<String> exactPaths(RequestMappingInfo info) {
        return info.getPatternsCondition().getPatterns().stream()
                .map(PathPattern::getPatternString)
                .filter(pattern -> !pattern.contains("{") && !pattern.contains("*"))
                .toList();
    }

    long bodyLimit(String path) {
        Long limit = bodyLimits.get(path);
        return limit != null ? limit : defaultBodyLimit;
    }

    Set<String> serverAssignedRequestIds() {
        return Set.copyOf(serverAssigned);
    }

    Set<String> badRequestForInvalidInput() {
        return Set.copyOf(badRequestForInvalidInput);
    }

    /** Browser routes: exact path to the methods a page on an allowed origin may use. */
    Map<String, Set<String>> browserRoutes() {
        return Map.copyOf(browserRoutes);
    }
}
