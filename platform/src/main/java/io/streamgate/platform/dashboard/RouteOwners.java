package io.streamgate.platform.dashboard;

import io.streamgate.platform.systems.StreamgateSystem;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.core.io.Resource;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import reactor.core.publisher.Mono;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which system owns each route, as the {@code uri} tag of {@code http.server.requests} names it (the route's path
 * pattern, e.g. {@code /orders/{id}}): an annotated route belongs to the system of its controller's package, a
 * functional route to the system of the configuration that declares its {@code RouterFunction} bean. A system is the
 * {@link StreamgateSystem} on that package or the nearest enclosing one. Read once from the running application, so
 * a system that is off owns nothing and does not appear.
 *
 * @param byPattern route pattern to system
 * @param systems   every system that owns a route, by name
 */
record RouteOwners(Map<String, String> byPattern, Set<String> systems) {

    RouteOwners {
        byPattern = Map.copyOf(byPattern);
        systems = Collections.unmodifiableSortedSet(new TreeSet<>(systems));
    }

    /** The system that owns {@code pattern}, or null. */
    String systemOf(String pattern) {
        return byPattern.get(pattern);
    }

    static RouteOwners of(ConfigurableListableBeanFactory beans) {
        Map<String, String> owners = new HashMap<>();
        for (RequestMappingInfoHandlerMapping mapping
                : beans.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> route : mapping.getHandlerMethods().entrySet()) {
                systemOf(route.getValue().getBeanType()).ifPresent(system -> route.getKey().getPatternsCondition()
                        .getPatterns().forEach(pattern -> owners.put(pattern.getPatternString(), system)));
            }
        }
        for (String name : beans.getBeanNamesForType(RouterFunction.class, false, false)) {
            declaringClass(beans, name).flatMap(RouteOwners::systemOf).ifPresent(system ->
                    patternsOf(beans.getBean(name, RouterFunction.class)).forEach(p -> owners.put(p, system)));
        }
        return new RouteOwners(owners, new TreeSet<>(owners.values()));
    }

    /** The class whose {@code @Bean} method made the bean, or the bean's own class. */
    private static Optional<Class<?>> declaringClass(ConfigurableListableBeanFactory beans, String name) {
        BeanDefinition definition = beans.getMergedBeanDefinition(name);
        if (definition instanceof RootBeanDefinition root) {
            Method factoryMethod = root.getResolvedFactoryMethod();
            if (factoryMethod != null) {
                return Optional.of(factoryMethod.getDeclaringClass());
            }
        }
        Class<?> type = beans.getType(name, false);
        return Optional.ofNullable(type).map(ClassUtils::getUserClass);
    }

    /** The path patterns a router function matches, nested prefixes included. */
    private static Set<String> patternsOf(RouterFunction<?> router) {
        Set<String> patterns = new TreeSet<>();
        Deque<String> prefixes = new ArrayDeque<>();
        router.accept(new RouterFunctions.Visitor() {
            @Override
            public void startNested(RequestPredicate predicate) {
                Set<String> paths = pathsOf(predicate);
                prefixes.push(prefix() + (paths.isEmpty() ? "" : paths.iterator().next()));
            }

            @Override
            public void endNested(RequestPredicate predicate) {
                prefixes.pop();
            }

            @Override
            public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
                pathsOf(predicate).forEach(path -> patterns.add(prefix() + path));
            }

            @Override
            public void resources(Function<ServerRequest, Mono<Resource>> lookup) {
            }

            @Override
            public void attributes(Map<String, Object> attributes) {
            }

            @Override
            public void unknown(RouterFunction<?> routerFunction) {
            }

            private String prefix() {
                return prefixes.isEmpty() ? "" : prefixes.peek();
            }
        });
        return patterns;
    }

    private static Set<String> pathsOf(RequestPredicate predicate) {
        Set<String> paths = new TreeSet<>();
        predicate.accept(new PathCollector(paths));
        return paths;
    }

    static Optional<String> systemOf(Class<?> type) {
        String packageName = type.getPackageName();
        ClassLoader loader = type.getClassLoader();
        while (!packageName.isEmpty()) {
            StreamgateSystem system = declaredOn(packageName, loader);
            if (system != null) {
                return Optional.of(system.value());
            }
            int dot = packageName.lastIndexOf('.');
            packageName = dot < 0 ? "" : packageName.substring(0, dot);
        }
        return Optional.empty();
    }

    private static StreamgateSystem declaredOn(String packageName, ClassLoader loader) {
        try {
            return Class.forName(packageName + ".package-info", false, loader).getAnnotation(StreamgateSystem.class);
        } catch (ClassNotFoundException noPackageInfo) {
            return null;
        }
    }

    /** Collects the path patterns a request predicate tests. */
    private record PathCollector(Set<String> paths) implements RequestPredicates.Visitor {

        @Override
        public void path(String pattern) {
            paths.add(pattern);
        }

        @Override
        public void method(Set<org.springframework.http.HttpMethod> methods) {
        }

        @Override
        public void pathExtension(String extension) {
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void queryParam(String name, String value) {
        }

        @Override
        public void version(String version) {
        }

        @Override
        public void startAnd() {
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
        }

        @Override
        public void startOr() {
        }

        @Override
        public void or() {
        }

        @Override
        public void endOr() {
        }

        @Override
        public void startNegate() {
        }

        @Override
        public void endNegate() {
        }

        @Override
        public void unknown(RequestPredicate predicate) {
        }
    }
}
