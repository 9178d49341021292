package io.streamgate.platform.edge;

import io.streamgate.platform.problems.ApiProblem;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgeFiltersTest {

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final WebFilterChain handler = exchange -> Mono.fromRunnable(() -> ran.add("handler"));
    private final ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/payments"));

    @Test
    void shouldRunEveryCheckInItsOrderThenTheHandler() {
        EdgeFilters filters = new EdgeFilters(List.of(passing(30), passing(10), passing(20)));

        filters.filter(exchange, handler).block();

        assertThat(ran).containsExactly("10", "20", "30", "handler");
    }

    @Test
    void shouldStopAtTheCheckThatAnswersAndRunNothingAfterIt() {
        ApiProblem refused = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", "slow down",
                null, null, null);
        EdgeFilter refusing = new EdgeFilter() {
            @Override
            public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
                ran.add("refusing");
                return Mono.error(refused);
            }

            @Override
            public int getOrder() {
                return 15;
            }
        };
        EdgeFilters filters = new EdgeFilters(List.of(passing(10), refusing, passing(20)));

        assertThatThrownBy(() -> filters.filter(exchange, handler).block()).isSameAs(refused);

        assertThat(ran).containsExactly("10", "refusing");
    }

    @Test
    void shouldLetACheckSeeWhatAnEarlierOneDid() {
        // The request id filter runs first; every later check and the handler read the id it set.
        EdgeFilters filters = new EdgeFilters(List.of(new RequestIdFilter(), passing(10)));

        filters.filter(exchange, exchange -> Mono.fromRunnable(
                () -> ran.add("handler sees " + !RequestIds.of(exchange).isEmpty()))).block();

        assertThat(ran).containsExactly("10", "handler sees true");
    }

    private EdgeFilter passing(int order) {
        return new EdgeFilter() {
            @Override
            public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
                ran.add(Integer.toString(order));
                return chain.filter(exchange);
            }

            @Override
            public int getOrder() {
                return order;
            }
        };
    }
}
