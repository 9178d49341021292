package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestTemplateTest {

    private static String text(RequestTemplate t, long sequence) {
        return new String(t.encode(sequence), StandardCharsets.UTF_8);
    }

    @Test
    void bodyVariesOverTheCustomersWithAMatchingContentLength() {
        RequestTemplate t = new RequestTemplate("POST", "127.0.0.1:8000", "/payments", List.of("X-Request-ID: a"),
                Options.DEFAULT_BODY, 1000);
        String r7 = text(t, 7);
        assertThat(r7).startsWith("POST /payments HTTP/1.1\r\nX-Request-ID: a\r\nHost: 127.0.0.1:8000\r\n")
                .contains("Content-Type: application/json\r\n")
                .endsWith("\r\n\r\n{\"amount\": 12.34, \"currency\": \"USD\", \"customer_id\": \"CUST-7\"}");
        for (long seq : new long[] {0, 7, 42, 999, 1000, 123_456_789}) {
            String r = text(t, seq);
            String body = r.substring(r.indexOf("\r\n\r\n") + 4);
            assertThat(r).contains("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n");
            assertThat(body).contains("\"CUST-" + (seq % 1000) + "\"");
            assertThat(t.encode(seq).length).isLessThanOrEqualTo(t.maxLength());
        }
    }

    @Test
    void bodiesWithoutPlaceholderAndRequestsWithoutBody() {
        RequestTemplate fixed = new RequestTemplate("POST", "h", "/x", List.of("Content-Type: text/plain"), "héllo", 3);
        assertThat(text(fixed, 5)).contains("Content-Type: text/plain\r\n").contains("Content-Length: 6\r\n")
                .doesNotContain("application/json").endsWith("\r\n\r\nhéllo");
        RequestTemplate get = new RequestTemplate("GET", "h", "/health", List.of(), "", 1);
        assertThat(text(get, 1)).isEqualTo("GET /health HTTP/1.1\r\nHost: h\r\nUser-Agent: streamgate-loadgen\r\n\r\n");
        assertThat(new RequestTemplate("HEAD", "h", "/", List.of(), "", 1).isHead()).isTrue();
        assertThat(text(new RequestTemplate("POST", "h", "/", List.of(), "", 1), 0)).endsWith("Content-Length: 0\r\n\r\n");
    }

    @Test
    void framingHeadersAndBadHeadersAreRefused() {
        assertThatThrownBy(() -> new RequestTemplate("POST", "h", "/", List.of("Content-Length: 3"), "abc", 1))
                .hasMessageContaining("computed");
        assertThatThrownBy(() -> new RequestTemplate("POST", "h", "/", List.of("no colon"), "abc", 1))
                .hasMessageContaining("Name: value");
    }

    @Test
    void decimals() {
        byte[] b = new byte[32];
        int end = RequestTemplate.putDecimal(9_876_543_210L, b, 2);
        assertThat(new String(b, 2, end - 2, StandardCharsets.US_ASCII)).isEqualTo("9876543210");
        assertThat(RequestTemplate.decimalLength(0)).isEqualTo(1);
        assertThat(RequestTemplate.decimalLength(10)).isEqualTo(2);
        assertThat(RequestTemplate.decimalLength(Long.MAX_VALUE)).isEqualTo(19);
    }
}
