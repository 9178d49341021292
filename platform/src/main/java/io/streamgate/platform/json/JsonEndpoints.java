package io.streamgate.platform.json;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.AbstractJacksonDecoder;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * What an annotated {@code @PostMapping(consumes = "application/json")} with a {@code @RequestBody} does, for a route
 * served as a functional endpoint ({@link RouterFunction}) instead: the same 415, 406, 405, 413, 400 and 422 problems,
 * the same strict JSON on the way in and out (the JSON codec's own mapper and in-memory limit), so a client cannot
 * tell the two apart.
 * <p>
 * Why a route would be functional: WebFlux resolves an annotated handler's arguments and negotiates its result afresh
 * on every request, and its JSON codecs select a reader and a writer per request and wrap the body in operators of
 * their own; on a short request that is a measurable share of its CPU (docs/benchmarks.md, issue 11). Here the body is
 * read and written with the mapper directly. Errors still reach the platform's problem handler, and metrics, request
 * ids and every {@code WebFilter} apply as to any route.
 */
public final class JsonEndpoints {

    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);

    private final ObjectMapper mapper;
    private final int maxInMemorySize;

    /** With the application's JSON decoder: its mapper (strict reading, {@link StrictJson}) and its size limit. */
    public JsonEndpoints(ServerCodecConfigurer codecs) {
        AbstractJacksonDecoder<?> decoder = codecs.getReaders().stream()
                .filter(DecoderHttpMessageReader.class::isInstance)
                .map(reader -> ((DecoderHttpMessageReader<?>) reader).getDecoder())
                .filter(AbstractJacksonDecoder.class::isInstance)
                .map(AbstractJacksonDecoder.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No Jackson JSON decoder among the server codecs"));
        this.mapper = decoder.getMapper();
        this.maxInMemorySize = decoder.getMaxInMemorySize();
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
     * accepts no JSON, 400 without a body or with malformed JSON, 422 for ill-typed JSON, 413 above the codecs' limit.
     */
    public <T> Mono<T> body(ServerRequest request, Class<T> type) {
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
        Mono<T> body;
        Charset charset = contentType.getCharset();
        if (charset == null || charset.equals(StandardCharsets.UTF_8)) {
            body = DataBufferUtils.join(request.exchange().getRequest().getBody(), maxInMemorySize)
                    .map(buffer -> read(buffer, type));
        } else {
            // Another encoding: the codec transcodes it.
            body = request.bodyToMono(type);
        }
        return body.switchIfEmpty(Mono.error(() -> new ServerWebInputException("No request body")));
    }

    /**
     * The same response as a {@link ServerResponse}: status, headers and the body as JSON, written by the codec's
     * mapper (a body that already is bytes, as an idempotent replay's, is written as it is).
     */
    public Mono<ServerResponse> respond(ResponseEntity<?> entity) {
        Object body = entity.getBody();
        byte[] bytes = body == null ? null : body instanceof byte[] raw ? raw : mapper.writeValueAsBytes(body);
        return Mono.just(new Written(entity.getStatusCode(), entity.getHeaders(), bytes));
    }

    /**
     * A response whose body is already JSON bytes: written as status, headers and one buffer. The builder's own
     * responses would also check conditional-request headers and copy the headers once more, neither of which a
     * JSON answer to a POST needs.
     */
    private record Written(HttpStatusCode statusCode, HttpHeaders headers, byte[] body) implements ServerResponse {

        @Override
        public MultiValueMap<String, ResponseCookie> cookies() {
            return new LinkedMultiValueMap<>(0);
        }

        @Override
        public Mono<Void> writeTo(ServerWebExchange exchange, Context context) {
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(statusCode);
            HttpHeaders target = response.getHeaders();
            if (!headers.isEmpty()) {
                target.putAll(headers);
            }
            if (body == null) {
                return response.setComplete();
            }
            if (target.getContentType() == null) {
                target.setContentType(MediaType.APPLICATION_JSON);
            }
            target.setContentLength(body.length);
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
        }
    }

    private <T> T read(DataBuffer buffer, Class<T> type) {
        try (InputStream in = buffer.asInputStream(true)) {
            T value = mapper.readValue(in, type);
            if (value == null) {
                // The JSON literal null: what the codec's readers report as no body at all.
                throw new ServerWebInputException("No request body");
            }
            return value;
        } catch (JacksonException e) {
            // As the codec reports it, so the problem (400 malformed, 422 with the field) is the same.
            throw new ServerWebInputException("Failed to read HTTP message", null,
                    new DecodingException("JSON decoding error: " + e.getOriginalMessage(), e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
