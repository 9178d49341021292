package io.streamgate.edge;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamgate.platform.edge.AdditionalPort;
import io.streamgate.devstack.DevStack;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.RawHttp;
import io.streamgate.support.TlsClients;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At most {@code max-connections} client connections are open at once, across the main port, the order-details port
 * and the HTTPS port together; one more is accepted and closed at once (counted, before any TLS handshake), and a
 * connection is accepted again as soon as one closes.
 */
@TestPropertySource(properties = {
        "streamgate.http.tls.port=0",
        "streamgate.http.max-connections=40",
        "streamgate.http.request-head-timeout=60s",
        "streamgate.http.idle-timeout=60s"})
class ConnectionCapTest extends EndToEndTest {

    private static final int CAP = 40;

    @Value("${local.server.port}")
    int port;
    @Autowired
    AdditionalPort orderDetailsPort;
    @Autowired
    AdditionalPort httpsPort;
    @Autowired
    MeterRegistry meters;

    @Test
    void shouldCloseAConnectionOverTheCapAtOnceAndAcceptAgainOnceOneCloses() throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(() -> open() == 0);
        double rejectedBefore = rejected();
        List<Socket> held = new ArrayList<>();
        try {
            int[] listeners = {port, orderDetailsPort.port(), httpsPort.port()};
            for (int i = 0; i < CAP; i++) {
                held.add(new Socket("127.0.0.1", listeners[i % listeners.length]));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> open() == CAP);

            for (int listener : listeners) {
                try (Socket oneMore = new Socket("127.0.0.1", listener)) {
                    oneMore.setSoTimeout(10_000);
                    assertThat(SlowClientsTest.readUntilClosed(oneMore.getInputStream())).isEmpty();
                }
            }
            assertThat(rejected() - rejectedBefore).isEqualTo(3.0);
            assertThat(open()).isEqualTo(CAP);

            held.removeFirst().close();
            await().atMost(Duration.ofSeconds(30)).until(() -> open() == CAP - 1);
            try (Socket again = new Socket("127.0.0.1", port)) {
                again.setSoTimeout(10_000);
                again.getOutputStream().write("GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(SlowClientsTest.readUntilClosed(again.getInputStream())).startsWith("HTTP/1.1 200");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> open() == CAP - 1);
            try (RawHttp again = RawHttp.over(TlsClients.connect(httpsPort.port(),
                    DevStack.shared().certificates().caCertificate(), 10_000), 10_000)) {
                assertThat(again.send(RawHttp.get("/livez")).read().status()).isEqualTo(200);
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private double open() {
        return meters.get("streamgate.http.connections.open").gauge().value();
    }

    private double rejected() {
        return meters.get("streamgate.http.connections.rejected").counter().count();
    }
}
