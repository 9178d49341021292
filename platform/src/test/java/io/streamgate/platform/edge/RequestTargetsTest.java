package io.streamgate.platform.edge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which request targets Spring's request can hold, decided as {@code java.net.URI} decides them. */
class RequestTargetsTest {

    @Test
    void shouldAcceptPathsAndQueryStringsWithEncodedCharacters() {
        for (String target : new String[] {"/payments", "/order-details?orderId=ORDER-1",
                "/orders?status=new&limit=20&cursor=abc%3D%3D", "/x?q=%C3%A9", "/a/b;c=d?e=f+g", "/?"}) {
            assertThat(RequestTargets.acceptable(target)).as(target).isTrue();
        }
    }

    @Test
    void shouldRefuseWhatJavaNetUriRefuses() {
        for (String target : new String[] {"/x?q=%zz", "/x?q=%", "/x?q=%4", "/x?q=\"", "/x?q=<script>", "/x y",
                "/x?q={}", "/x?q=|"}) {
            assertThat(RequestTargets.acceptable(target)).as(target).isFalse();
        }
    }
}
