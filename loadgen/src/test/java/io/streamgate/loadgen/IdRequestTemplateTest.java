package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IdRequestTemplateTest {

    private final IdRequestTemplate template =
            new IdRequestTemplate("http://127.0.0.1:8001/order-details?orderId={id}");

    private String request(String headerValue) {
        byte[] value = headerValue.getBytes(StandardCharsets.UTF_8);
        byte[] r = template.forId(value, value.length);
        return r == null ? null : new String(r, StandardCharsets.UTF_8);
    }

    @Test
    void theIdIsTheLastPathSegmentOfARelativeOrAbsoluteLocation() {
        String expected = "GET /order-details?orderId=8c2f-11 HTTP/1.1\r\nHost: 127.0.0.1:8001\r\n"
                + "User-Agent: streamgate-loadgen\r\n\r\n";
        assertThat(request("/orders/8c2f-11")).isEqualTo(expected);
        assertThat(request("http://127.0.0.1:8000/orders/8c2f-11")).isEqualTo(expected);
        assertThat(request("/orders/8c2f-11?view=full#top")).isEqualTo(expected);
        assertThat(request("8c2f-11")).as("an id header without a path").isEqualTo(expected);
    }

    @Test
    void reservedCharactersArePercentEncodedAndExistingEscapesKept() {
        assertThat(request("/orders/a&b=c+d%2Fe")).startsWith("GET /order-details?orderId=a%26b%3Dc%2Bd%2Fe HTTP/1.1");
    }

    @Test
    void noHeaderOrAnEmptyLastSegmentIsNoId() {
        assertThat(IdRequestTemplate.hasId(new byte[8], -1)).isFalse();
        byte[] trailingSlash = "/orders/".getBytes(StandardCharsets.US_ASCII);
        assertThat(IdRequestTemplate.hasId(trailingSlash, trailingSlash.length)).isFalse();
        assertThat(template.forId(trailingSlash, trailingSlash.length)).isNull();
        assertThat(IdRequestTemplate.hasId(new byte[0], 0)).isFalse();
    }

    @Test
    void theReadUrlNeedsThePlaceholderOnceAfterTheAuthority() {
        assertThatThrownBy(() -> new IdRequestTemplate("http://127.0.0.1:8001/order-details"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdRequestTemplate("http://127.0.0.1:8001/{id}/{id}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new IdRequestTemplate("http://localhost/o/{id}/details").forId(new byte[] {'7'}, 1))
                .asString(StandardCharsets.US_ASCII).startsWith("GET /o/7/details HTTP/1.1\r\nHost: localhost:80\r\n");
    }
}
