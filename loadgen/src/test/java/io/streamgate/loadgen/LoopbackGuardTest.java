package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "127.255.255.254", "localhost", "LOCALHOST", "::1", "[::1]",
            "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"})
    void loopbackIsAccepted(String host) {
        assertThat(LoopbackGuard.requireLoopback(host).isLoopbackAddress()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "192.168.1.10", "0.0.0.0", "8.8.8.8", "128.0.0.1", "::", "::2",
            "::ffff:8.8.8.8", "example.com", "localhost.example.com", "127.0.0.1.nip.io", "2130706433", "127.1",
            "my-host", " "})
    void everythingElseIsRefused(String host) {
        assertThatThrownBy(() -> LoopbackGuard.requireLoopback(host))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void httpTargetChecksAgain() throws Exception {
        RequestTemplate t = new RequestTemplate("GET", "x", "/", java.util.List.of(), "", 1);
        assertThatThrownBy(() -> new HttpTarget(java.net.InetAddress.getByName("10.1.2.3"), 80, t, 1000))
                .hasMessageContaining("non-loopback");
    }
}
