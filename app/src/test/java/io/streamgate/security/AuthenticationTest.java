package io.streamgate.security;

import io.streamgate.platform.security.ApiKeysCommand;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.payments.Payment;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TokenIssuer;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With authentication on ({@code streamgate.security.enabled}), against a real issuer stand-in (a JWKS served over
 * HTTP, tokens signed with its keys) and API keys made by the jar's own {@code api-keys} command: every refusal is a
 * problem with the request id and writes nothing; per-route scopes; keys rotated by the issuer and revoked by an
 * operator take effect without a restart; the open routes stay open, and the live dashboard is open; the API
 * description declares both schemes.
 */
@TestPropertySource(properties = {
        "streamgate.security.enabled=true",
        "streamgate.security.jwt.issuer-uri=" + TokenIssuer.ISSUER,
        "streamgate.security.jwt.audiences=" + TokenIssuer.AUDIENCE,
        "streamgate.security.api-keys.cache-ttl=200ms"})
class AuthenticationTest extends EndToEndTest {

    private static final String PAYMENT = """
            {"amount": 10.00, "currency": "EUR", "customer_id": "CUST-AUTH"}""";
    private static final TokenIssuer ISSUER = startIssuer();

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("streamgate.security.jwt.jwk-set-uri", ISSUER::jwkSetUri);
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER.close();
    }

    @Test
    void shouldRefuseARequestWithoutCredentialsWith401AChallengeAndAProblemAndWriteNothing() {
        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS)) {
            var result = pay(request -> { })
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists("X-Request-ID")
                    .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, challenge -> assertThat(challenge)
                            .startsWith("Bearer realm=\"streamgate\""))
                    .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.request_id").isNotEmpty()
                    .returnResult();
            assertThat(result.getResponseHeaders().get(HttpHeaders.WWW_AUTHENTICATE))
                    .anyMatch(challenge -> challenge.startsWith("ApiKey"));

            assertThat(payments.recordsWrittenSinceStart()).isZero();
        }
    }

    @Test
    void shouldRefuseExpiredForgedAndForeignTokensAs401() {
        for (String token : List.of(ISSUER.expiredToken("svc", "payments:write"),
                ISSUER.forgedToken("svc", "payments:write"),
                ISSUER.tokenFor("https://other-issuer.test", TokenIssuer.AUDIENCE, "svc", "payments:write"),
                ISSUER.tokenFor(TokenIssuer.ISSUER, "another-service", "svc", "payments:write"),
                "not.a.token")) {
            pay(bearer(token)).expectStatus().isUnauthorized()
                    .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, challenge -> assertThat(challenge)
                            .contains("error=\"invalid_token\""));
        }
    }

    @Test
    void shouldRefuseAValidTokenWithoutTheRoutesScopeWith403NamingItAndWriteNothing() {
        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS)) {
            pay(bearer(ISSUER.token("reader", "payments:read", "orders:write")))
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists("X-Request-ID")
                    .expectBody().jsonPath("$.required_scope").isEqualTo("payments:write");

            assertThat(payments.recordsWrittenSinceStart()).isZero();
        }
    }

    @Test
    void shouldAcceptAValidTokenWithTheScopeAndATokenOfARotatedKeyWithoutARestart() {
        pay(bearer(ISSUER.token("billing", "payments:write"))).expectStatus().isCreated();

        ISSUER.rotate();
        int fetched = ISSUER.jwksRequests();

        pay(bearer(ISSUER.token("billing", "payments:write"))).expectStatus().isCreated();
        assertThat(ISSUER.jwksRequests()).as("the JWKS fetched again for the new key").isGreaterThan(fetched);
    }

    @Test
    void shouldAcceptAnApiKeyMadeByTheCommandAndRefuseItOnceRevoked() {
        String name = "key-" + UUID.randomUUID();
        String key = apiKeys("create", "--name", name, "--scopes", "payments:write");
        assertThat(key).startsWith("sgk_");
        assertThat(apiKeys("list")).contains(name).doesNotContain(key.substring(key.lastIndexOf('_') + 1));

        pay(apiKey(key)).expectStatus().isCreated();
        pay(apiKey(key + "x")).expectStatus().isUnauthorized();

        assertThat(apiKeys("revoke", "--name", name)).contains("revoked");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> pay(apiKey(key)).expectStatus().isUnauthorized());
    }

    @Test
    void shouldShowAClientOnlyTheOrdersItCreatedUnlessItIsAnAdmin() {
        String alice = ISSUER.token("alice", "orders:read", "orders:write");
        String bob = ISSUER.token("bob", "orders:read", "orders:write");
        String admin = ISSUER.token("ops", "orders:read", "orders:write", "orders:admin");
        String id = (String) http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(alice))
                .bodyValue("{\"customer_id\": \"CUST-1\", \"currency\": \"USD\", "
                        + "\"items\": [{\"sku\": \"A\", \"quantity\": 1, \"unit_price\": 1.00}]}")
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("order_id");

        get("/orders/" + id, alice).expectStatus().isOk();
        get("/orders/" + id, bob).expectStatus().isNotFound();
        get("/orders/" + id, admin).expectStatus().isOk();
        http.delete().uri("/orders/" + id).headers(h -> h.setBearerAuth(bob)).exchange().expectStatus().isNotFound();
        get("/orders/" + id, alice).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("CREATED");
        get("/orders?limit=100", bob).expectStatus().isOk().expectBody()
                .jsonPath("$.orders[?(@.order_id == '" + id + "')]").isEmpty();
        get("/orders?limit=100", alice).expectStatus().isOk().expectBody()
                .jsonPath("$.orders[?(@.order_id == '" + id + "')]").isNotEmpty();
    }

    @Test
    void shouldScopeIdempotencyKeysByTheAuthenticatedPrincipal() {
        String key = "auth-" + UUID.randomUUID();
        String body = "{\"customer_id\": \"CUST-1\", \"currency\": \"USD\", "
                + "\"items\": [{\"sku\": \"A\", \"quantity\": 1, \"unit_price\": 1.00}]}";
        Object first = createOrder(ISSUER.token("carol", "orders:write"), key, body);
        Object replay = createOrder(ISSUER.token("carol", "orders:write"), key, body);
        Object other = createOrder(ISSUER.token("dave", "orders:write"), key, body);

        assertThat(replay).as("the same principal's retry, with a new token").isEqualTo(first);
        assertThat(other).as("another principal's key").isNotEqualTo(first);
    }

    @Test
    void shouldLeaveProbesMetricsAndTheApiDescriptionOpenAndDeclareTheSchemes() {
        for (String open : List.of("/health", "/livez", "/readyz", "/actuator/prometheus", "/supported-languages")) {
            http.get().uri(open).exchange().expectStatus().value(status -> assertThat(status).isNotIn(401, 403));
        }
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.securitySchemes.bearer.scheme").isEqualTo("bearer")
                .jsonPath("$.components.securitySchemes.apiKey.name").isEqualTo("X-API-Key")
                .jsonPath("$.paths['/payments'].post.security[0].bearer[0]").isEqualTo("payments:write")
                .jsonPath("$.paths['/health'].get.security").isEmpty();
    }

    /**
     * The live dashboard, on here as in development (in {@code prod} only with {@code DASHBOARD_ENABLED=true}), is
     * open: a browser sends no credentials with a page load or an {@code EventSource}. Nothing beside it opens.
     */
    @Test
    void shouldServeTheLiveDashboardWithoutCredentials() {
        http.get().uri("/dashboard").exchange().expectStatus().isFound();
        http.get().uri("/dashboard/").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
        http.get().uri("/dashboard/dashboard.js").exchange().expectStatus().isOk();
        http.get().uri("/dashboard/lib/uPlot.iife.min.js").exchange().expectStatus().isOk();
        ServerSentEvent<Map<String, Object>> sample = http.get().uri("/dashboard/stream")
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
                })
                .getResponseBody().blockFirst(Duration.ofSeconds(30));
        assertThat(sample).isNotNull();
        assertThat(sample.event()).isEqualTo("sample");
        assertThat(sample.data()).containsKeys("systems", "health");

        http.get().uri("/dashboards").exchange().expectStatus().isUnauthorized();
    }

    private Object createOrder(String token, String idempotencyKey, String body) {
        return http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(token)).header("Idempotency-Key", idempotencyKey)
                .bodyValue(body).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("order_id");
    }

    private WebTestClient.ResponseSpec pay(Consumer<WebTestClient.RequestHeadersSpec<?>> credentials) {
        WebTestClient.RequestHeadersSpec<?> request = http.post().uri("/payments")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(PAYMENT);
        credentials.accept(request);
        return request.exchange();
    }

    private WebTestClient.ResponseSpec get(String uri, String token) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange();
    }

    private static Consumer<WebTestClient.RequestHeadersSpec<?>> bearer(String token) {
        return request -> request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    private static Consumer<WebTestClient.RequestHeadersSpec<?>> apiKey(String key) {
        return request -> request.header("X-API-Key", key);
    }

    /** The jar's command, against this test's database, as an operator runs it. */
    private String apiKeys(String... args) {
        String url;
        try (Connection connection = dataSource.getConnection()) {
            url = connection.getMetaData().getURL();
            String user = connection.getMetaData().getUserName();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = ApiKeysCommand.run(args, Map.of("DATABASE_URL", url, "DATABASE_USERNAME", user,
                    "DATABASE_PASSWORD", "postgres"), new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(status).as("api-keys %s", String.join(" ", args)).isZero();
            return out.toString(StandardCharsets.UTF_8).trim();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TokenIssuer startIssuer() {
        try {
            return new TokenIssuer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
