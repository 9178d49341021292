package io.streamgate.platform.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Set;

/**
 * What an annotated {@code @PostMapping(consumes = "application/json")} with a {@code @RequestBody} does, for a route
 * served as a functional endpoint ({@link RouterFunction}) instead: the same 415, 406, 405 and 400 problems, the same
 * strict JSON reading (the application's codecs), so a client cannot tell the two apart.
 * <p>
 * Why a route would be functional: WebFlux resolves an annotated handler's arguments and negotiates its result afresh
 * on every request, a measurable share of a short request's CPU (docs/benchmarks.md, issue 11). A functional endpoint
 * skips both; errors still reach the platform's problem handler, and metrics, request ids and every
 * {@code WebFilter} apply as to any route.
 */
public final class JsonEndpoints {

    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);

    private JsonEndpoints() {
    }

    /**
     * {@code POST path} to {@code handler}, and every other method on {@code path} answered 405 (the annotated
     * mapping would say so; without this the path would simply not be found).
     */
    public static RouterFunction<ServerResponse> post(String path, HandlerFunction<ServerResponse> handler) {
        return RouterFunctions.route(RequestPredicates.POST(path), handler)
                .andRoute(RequestPredicates.path(path), request -> Mono.error(
                        new MethodNotAllowedException(request.method(), Set.of(HttpMethod.POST))));
    }

    /**
     * The request's JSON body as {@code type}: 415 unless the body is {@code application/json}, 406 when the client
     * accepts no JSON, 400 without a body, and the codecs' 400/422 for malformed or ill-typed JSON.
     */
    public static <T> Mono<T> body(ServerRequest request, Class<T> type) {
        HttpHeaders headers = request.headers().asHttpHeaders();
        MediaType contentType;
        try {
            contentType = headers.getContentType();
        } catch (InvalidMediaTypeException e) {
            return Mono.error(new UnsupportedMediaTypeStatusException(e.getMessage(), JSON));
        }
        if (contentType == null || !MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
            return Mono.error(new UnsupportedMediaTypeStatusException(contentType, JSON, request.method()));
        }
        if (!acceptsJson(headers.getFirst(HttpHeaders.ACCEPT))) {
            return Mono.error(new NotAcceptableStatusException(JSON));
        }
        return request.bodyToMono(type)
                .switchIfEmpty(Mono.error(() -> new ServerWebInputException("No request body")));
    }

    /** The same response as a {@link ServerResponse}: status, headers and body (JSON unless it names its type). */
    public static Mono<ServerResponse> respond(ResponseEntity<?> entity) {
        ServerResponse.BodyBuilder response = ServerResponse.status(entity.getStatusCode());
        HttpHeaders headers = entity.getHeaders();
        if (!headers.isEmpty()) {
            response.headers(target -> target.addAll(headers));
        }
        Object body = entity.getBody();
        if (body == null) {
            return response.build();
        }
        if (headers.getContentType() == null) {
            response.contentType(MediaType.APPLICATION_JSON);
        }
        return response.bodyValue(body);
    }

    private static boolean acceptsJson(String accept) {
        if (accept == null || accept.equals("*/*") || accept.equals(MediaType.APPLICATION_JSON_VALUE)) {
            return true;
        }
        try {
            for (MediaType acceptable : MediaType.parseMediaTypes(accept)) {
                if (acceptable.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                    return true;
                }
            }
            return false;
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
