package io.streamgate.loadgen;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class OrderBodiesTest {

    @Test
    void shouldMakeDistinctOrdersWithOneToFiveItemsAndACustomerPlaceholder() {
        List<String> bodies = OrderBodies.templates(64, 42);
        assertThat(bodies).hasSize(64).doesNotHaveDuplicates().isEqualTo(OrderBodies.templates(64, 42));
        for (String body : bodies) {
            assertThat(body).startsWith("{\"customer_id\": \"CUST-%d\", \"currency\": \"").endsWith("]}");
            long items = Pattern.compile("\"sku\"").matcher(body).results().count();
            assertThat(items).isBetween(1L, 5L);
        }
    }

    @Test
    void shouldSpreadRequestsOverTheVariantsWithACorrectContentLength() {
        List<String> bodies = OrderBodies.templates(8, 7);
        RequestTemplate template = new RequestTemplate("POST", "h", "/orders", List.of(), bodies, 100);
        Set<String> sent = new HashSet<>();
        Pattern framing = Pattern.compile("Content-Length: (\\d+)\r\n\r\n(.*)", Pattern.DOTALL);
        for (long sequence = 0; sequence < 400; sequence++) {
            String request = new String(template.encode(sequence), StandardCharsets.UTF_8);
            Matcher matcher = framing.matcher(request);
            assertThat(matcher.find()).isTrue();
            String body = matcher.group(2);
            assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(Integer.parseInt(matcher.group(1)));
            assertThat(body).contains("\"customer_id\": \"CUST-" + (sequence % 100) + "\"");
            sent.add(body.replaceFirst("CUST-\\d+", "CUST-%d"));
        }
        assertThat(sent).containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void shouldDefaultToTheOrdersRouteForTheOrdersWorkload() {
        Options options = Options.parse("--workload", "orders", "--duration", "1");
        assertThat(options.requestPath()).isEqualTo("/orders");
        assertThat(options.bodyTemplates()).hasSize(Options.ORDER_VARIANTS);
    }
}
