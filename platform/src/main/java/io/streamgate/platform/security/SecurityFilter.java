package io.streamgate.platform.security;

import io.streamgate.platform.edge.Clients;
import io.streamgate.platform.edge.EdgeFilter;
import io.streamgate.platform.problems.ApiProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.Optional;

/**
 * Authentication and per-route authorization, as one of the edge's checks: after the request id and CORS (so every
 * refusal carries a request id and a browser can read it), before the rate limit (which then counts the
 * authenticated client). A request presents a bearer token ({@code Authorization: Bearer ...}) or an API key
 * (its header, {@code X-API-Key}); without either it is a 401 with {@code WWW-Authenticate}, with an invalid one a 401
 * saying so, and without the route's scope a 403 naming the scope. Both are problem+json, and nothing runs: no
 * handler, so nothing is written. CORS preflights pass (a browser sends them without credentials).
 */
final class SecurityFilter implements EdgeFilter {

    private final AccessPolicy policy;
    private final ApiKeys apiKeys;
    private final BearerTokens bearerTokens;
    private final String apiKeyHeader;

    SecurityFilter(AccessPolicy policy, ApiKeys apiKeys, BearerTokens bearerTokens, String apiKeyHeader) {
        this.policy = policy;
        this.apiKeys = apiKeys;
        this.bearerTokens = bearerTokens;
        this.apiKeyHeader = apiKeyHeader;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (method == HttpMethod.OPTIONS) {
            return chain.filter(exchange);
        }
        AccessPolicy.Need need = policy.need(exchange.getRequest().getPath().value(), method.name());
        if (need.open()) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        Mono<Optional<Caller>> caller;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (bearerTokens == null) {
                return refuse(exchange, "invalid_token", "This service takes no bearer tokens; send an API key in "
                        + apiKeyHeader + ".");
            }
            caller = bearerTokens.authenticate(authorization.substring(7).trim());
        } else if (headers.getFirst(apiKeyHeader) != null) {
            if (apiKeys == null) {
                return refuse(exchange, "invalid_token", "This service takes no API keys.");
            }
            caller = apiKeys.authenticate(headers.getFirst(apiKeyHeader));
        } else {
            return refuse(exchange, null, "Credentials are required: a bearer token (Authorization: Bearer ...) or "
                    + "an API key (" + apiKeyHeader + ").");
        }
        return caller.flatMap(found -> {
            if (found.isEmpty()) {
                return refuse(exchange, "invalid_token", "The credentials are not valid: unknown, expired, revoked or "
                        + "not signed by the issuer.");
            }
            Caller who = found.get();
            if (need.scope() != null && !who.has(need.scope())) {
                return Mono.error(new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", "This route needs the scope "
                        + need.scope() + ", which " + who.name() + " does not hold.", null, null,
                        Map.of("required_scope", need.scope())));
            }
            exchange.getAttributes().put(Callers.ATTRIBUTE, who);
            Clients.authenticated(exchange, who.name());
            return chain.filter(exchange);
        });
    }

    /** A 401 with a challenge per scheme: {@code Bearer} (RFC 6750, with {@code error} when one was sent) and
     * {@code ApiKey}, naming its header. */
    private Mono<Void> refuse(ServerWebExchange exchange, String error, String detail) {
        HttpHeaders response = exchange.getResponse().getHeaders();
        response.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"streamgate\""
                + (error == null ? "" : ", error=\"" + error + "\""));
        response.add(HttpHeaders.WWW_AUTHENTICATE, "ApiKey realm=\"streamgate\", header=\"" + apiKeyHeader + "\"");
        return Mono.error(new ApiProblem(HttpStatus.UNAUTHORIZED, "Unauthorized", detail, null, null, null));
    }

    @Override
    public int getOrder() {
        return AUTHENTICATION_ORDER;
    }
}
