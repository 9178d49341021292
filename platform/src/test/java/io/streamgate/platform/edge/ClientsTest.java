package io.streamgate.platform.edge;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class ClientsTest {

    private static MockServerWebExchange exchange(String apiKey) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post("/payments")
                .remoteAddress(new InetSocketAddress("10.1.2.3", 50000));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return MockServerWebExchange.from(request);
    }

    @Test
    void shouldCountTheAuthenticatedPrincipalBeforeAnyHeaderOrAddress() {
        MockServerWebExchange exchange = exchange("sgk_anything");
        Clients.authenticated(exchange, "key:billing");

        assertThat(Clients.of(exchange, "X-API-Key")).isEqualTo("principal:key:billing");
    }

    @Test
    void shouldCountTheHeaderWhenNobodyIsAuthenticatedAndBoundItsLength() {
        assertThat(Clients.of(exchange("mobile-app"), "X-API-Key")).isEqualTo("key:mobile-app");
        assertThat(Clients.of(exchange("k".repeat(10_000)), "X-API-Key")).hasSize("key:".length() + 128);
    }

    @Test
    void shouldCountTheRemoteAddressWithoutAHeader() {
        assertThat(Clients.of(exchange(null), "X-API-Key")).isEqualTo("addr:10.1.2.3");
        assertThat(Clients.of(exchange(" "), "X-API-Key")).isEqualTo("addr:10.1.2.3");
    }
}
