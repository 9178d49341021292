package io.streamgate.edge;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamgate.devstack.DevCertificates;
import io.streamgate.platform.edge.AdditionalPort;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.payments.Payment;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.RawHttp;
import io.streamgate.support.RawHttp2;
import io.streamgate.support.TlsClients;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTPS on the edge, as the development run serves it: a listener beside the plain ones, from an SSL bundle of PEM
 * files (here a CA of the test's own, so that it can rotate the certificate), reloaded when they change. Checked with
 * the clients users take: curl (HTTP/2 and HTTP/1.1), Python {@code requests}, the JDK's HTTP/2 client, and raw TLS
 * sockets for what the connection guard bounds. Every answer over HTTPS carries {@code Strict-Transport-Security}
 * ({@code max-age=0} here, as plain HTTP is served beside it); problems, request ids and CORS are those of plain HTTP.
 */
@TestPropertySource(properties = {
        "streamgate.http.tls.port=0",
        "streamgate.http.request-head-timeout=2s",
        "streamgate.http.idle-timeout=6s",
        "spring.ssl.bundle.pem.edge.reload-on-update=true",
        "spring.ssl.bundle.pem.edge.options.enabled-protocols=TLSv1.3,TLSv1.2",
        "spring.ssl.bundle.watch.file.quiet-period=100ms"})
class HttpsEdgeTest extends EndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(6);
    /** Scheduling on a machine this loaded: a close may come this much after its bound. */
    private static final Duration SLACK = Duration.ofSeconds(10);
    private static final DevCertificates CERTIFICATES = certificatesIn("edge");
    private static final DevCertificates OTHER_CA = certificatesIn("other");
    private static final String PAYMENT = """
            {"amount": 12.50, "currency": "EUR", "customer_id": "CUST-TLS"}""";

    @AfterAll
    static void deleteTheCertificates() throws IOException {
        for (DevCertificates certificates : List.of(CERTIFICATES, OTHER_CA)) {
            try (var files = Files.walk(certificates.directory())) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @DynamicPropertySource
    static void edgeBundle(DynamicPropertyRegistry properties) {
        properties.add("spring.ssl.bundle.pem.edge.keystore.certificate",
                () -> CERTIFICATES.serverCertificate().toString());
        properties.add("spring.ssl.bundle.pem.edge.keystore.private-key", () -> CERTIFICATES.serverKey().toString());
    }

    @Value("${local.server.port}")
    int plainPort;
    @Autowired
    AdditionalPort httpsPort;
    @Autowired
    MeterRegistry meters;

    @Test
    void curlTrustingTheCaGetsHealthOverHttp2AndHttp11WhileThePlainPortStillAnswersTheSeedsCurl() {
        String curl = TlsClients.tool("curl", "curl");
        String https = "https://localhost:" + httpsPort.port() + "/health";

        TlsClients.Result h2 = TlsClients.run(List.of(curl, "-sS", "--http2", "--cacert", ca(), "-D", "-", "-o",
                "/dev/null", "-w", "%{http_code} HTTP/%{http_version}", https));
        TlsClients.Result h1 = TlsClients.run(List.of(curl, "-sS", "--http1.1", "--cacert", ca(), "-o", "/dev/null",
                "-w", "%{http_code} HTTP/%{http_version}", https));
        TlsClients.Result plain = TlsClients.run(List.of(curl, "-sS", "-D", "-", "-o", "/dev/null",
                "http://localhost:" + plainPort + "/health"));

        assertThat(h2.exitCode()).as(h2.output()).isZero();
        assertThat(h2.output()).endsWith("200 HTTP/2").containsIgnoringCase("strict-transport-security: max-age=0");
        assertThat(h1.output()).isEqualTo("200 HTTP/1.1");
        assertThat(plain.output()).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("strict-transport-security");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void curlAndPythonRefuseTheServerWhenTheyTrustAnotherCaAndTheServerCountsTheFailedHandshakes(
            CapturedOutput log) {
        double failuresBefore = counter("streamgate.http.tls.handshake.failures");
        String curl = TlsClients.tool("curl", "curl");
        String python = TlsClients.tool("python3", "python3-requests");
        String https = "https://localhost:" + httpsPort.port() + "/health";

        TlsClients.Result byCurl = TlsClients.run(List.of(curl, "-sS", "--cacert",
                OTHER_CA.caCertificate().toString(), https));
        TlsClients.Result byPython = TlsClients.run(List.of(python, "-c", """
                import sys, requests
                try:
                    requests.get(sys.argv[1], verify=sys.argv[2], timeout=10)
                    print("accepted")
                except requests.exceptions.SSLError as e:
                    print("refused:", e)
                """, https, OTHER_CA.caCertificate().toString()));

        assertThat(byCurl.exitCode()).as(byCurl.output()).isEqualTo(60); // CURLE_PEER_FAILED_VERIFICATION
        assertThat(byPython.output()).startsWith("refused:").contains("CERTIFICATE_VERIFY_FAILED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                counter("streamgate.http.tls.handshake.failures") - failuresBefore).isEqualTo(2));
        assertThat(log.getOut()).as("a failed handshake is counted, not logged per client")
                .doesNotContain("TLS handshake failed").doesNotContain("Failed to select the application-level");
    }

    @Test
    void pythonRequestsPostsTheSeedsPaymentOverHttps() throws Exception {
        String python = TlsClients.tool("python3", "python3-requests");
        String requestId = "tls-" + UUID.randomUUID();

        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS)) {
            TlsClients.Result result = TlsClients.run(List.of(python, "-c", """
                    import sys, json, requests
                    r = requests.post(sys.argv[1], json={"amount": 99.99, "currency": "USD", "customer_id": "CUST-1234"},
                                      headers={"X-Request-ID": sys.argv[3]}, verify=sys.argv[2], timeout=30)
                    print(json.dumps({"status": r.status_code, "request_id": r.headers.get("X-Request-ID"),
                                      "hsts": r.headers.get("Strict-Transport-Security"), "body": r.json()}))
                    """, "https://localhost:" + httpsPort.port() + "/payments", ca(), requestId));

            assertThat(result.exitCode()).as(result.output()).isZero();
            JsonNode answer = JSON.readTree(result.output());
            assertThat(answer.path("status").asInt()).isEqualTo(201);
            assertThat(answer.path("request_id").asString()).isEqualTo(requestId);
            assertThat(answer.path("hsts").asString()).isEqualTo("max-age=0");
            UUID paymentId = UUID.fromString(answer.path("body").path("payment_id").asString());
            assertThat(payments.awaitRecord(r -> r.value().getPaymentId().equals(paymentId)).key())
                    .isEqualTo("CUST-1234");
        }
    }

    @Test
    void http2AnswersPaymentsProblemsAndCorsAsHttp11DoesKeepingTheConnectionAfterARefusedHead() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10))
                .sslContext(TlsClients.trusting(CERTIFICATES.caCertificate())).build();
        String base = "https://localhost:" + httpsPort.port();

        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS)) {
            HttpResponse<String> paid = h2.send(post(base + "/payments", PAYMENT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(paid.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
            UUID paymentId = UUID.fromString(JSON.readTree(paid.body()).path("payment_id").asString());
            assertThat(payments.awaitRecord(r -> r.value().getPaymentId().equals(paymentId)).value().getCustomerId())
                    .isEqualTo("CUST-TLS");
        }

        HttpResponse<String> invalid = h2.send(post(base + "/payments", "{\"amount\": \"12.50\", \"currency\": "
                + "\"EUR\", \"customer_id\": \"CUST-TLS\"}").header("X-Request-ID", "h2-invalid").build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(invalid, 422, "h2-invalid");

        HttpResponse<String> tooLarge = h2.send(post(base + "/payments", "{\"pad\": \"" + "x".repeat(20_000)
                + "\"}").build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(tooLarge, 413, null);

        HttpResponse<String> longTarget = h2.send(request(base + "/order-details?orderId="
                + "A".repeat(5_000)).header("X-Request-ID", "h2-long").build(), HttpResponse.BodyHandlers.ofString());
        JsonNode uriTooLong = assertProblem(longTarget, 414, "h2-long");
        assertThat(uriTooLong.path("title").asString()).isEqualTo("URI too long");

        HttpResponse<String> largeHead = h2.send(request(base + "/health")
                .header("X-Filler", "x".repeat(10_240)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode headersTooLarge = assertProblem(largeHead, 431, null);
        assertThat(headersTooLarge.path("instance").asString()).isEqualTo("/health");

        // HTTP/2 knows where the next request begins: the connection (the client keeps one) goes on.
        assertThat(h2.send(request(base + "/livez").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        HttpResponse<String> preflight = h2.send(request(base + "/submit-code")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("http://localhost:3000");
        HttpResponse<String> foreign = h2.send(post(base + "/submit-code", "{}")
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(foreign, 403, null);
        assertThat(foreign.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void http11OverTlsAnswersAnUndecodableHeadWithTheSameProblemAndClosesTheConnection() throws IOException {
        try (RawHttp connection = RawHttp.over(TlsClients.connect(httpsPort.port(), CERTIFICATES.caCertificate(),
                10_000), 10_000)) {
            RawHttp.Response response = connection.send("GET /order-details?orderId=" + "A".repeat(5_000)
                    + " HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: h1-long\r\n\r\n").read();

            assertThat(response.status()).isEqualTo(414);
            assertThat(response.header("content-type")).isEqualTo("application/problem+json");
            // The request line failed: the codec read no header, so the id is the server's.
            assertThat(response.header("x-request-id")).isNotBlank();
            assertThat(response.header("strict-transport-security")).isEqualTo("max-age=0");
            assertThat(response.header("connection")).isEqualTo("close");
        }
    }

    @Test
    void http2RefusesATargetThatIsNotAUriWithTheSameProblemAsHttp11() throws IOException {
        try (RawHttp2 connection = RawHttp2.connect(httpsPort.port(), CERTIFICATES.caCertificate(), 10_000)) {
            connection.preface().frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS | RawHttp2.END_STREAM, 1,
                    RawHttp2.get("/health?a b"));

            List<RawHttp2.Frame> response = connection.response(1);

            String body = response.stream().filter(f -> f.stream() == 1 && f.type() == RawHttp2.DATA)
                    .map(f -> new String(f.payload(), StandardCharsets.UTF_8)).reduce("", String::concat);
            assertThat(JSON.readTree(body).path("status").asInt()).isEqualTo(400);
            assertThat(body).contains("not a valid URI");
        }
    }

    @Test
    void aCertificateRotatedOnDiskIsServedWithoutARestart() throws Exception {
        BigInteger before = presentedCertificate().getSerialNumber();

        X509Certificate renewed = CERTIFICATES.renewServerCertificate();

        assertThat(renewed.getSerialNumber()).isNotEqualTo(before);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> presentedCertificate().getSerialNumber().equals(renewed.getSerialNumber()));
        assertThat(TlsClients.webTestClient(httpsPort.port(), CERTIFICATES.caCertificate()).get().uri("/livez")
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders()
                .getFirst("Strict-Transport-Security")).isEqualTo("max-age=0");
    }

    @Test
    void negotiatesTls13ByDefaultAndAcceptsTls12() throws IOException {
        try (SSLSocket socket = TlsClients.connect(httpsPort.port(), CERTIFICATES.caCertificate(), 10_000)) {
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        try (SSLSocket socket = (SSLSocket) TlsClients.trusting(CERTIFICATES.caCertificate()).getSocketFactory()
                .createSocket("localhost", httpsPort.port())) {
            socket.setEnabledProtocols(new String[]{"TLSv1.2"});
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    /**
     * The edge encrypts with OpenSSL (netty-tcnative's BoringSSL, shipped for linux-x86_64), not the JDK's
     * {@code SSLEngine}: the server counts each handshake it completes by the engine that did it. Elsewhere the JDK's
     * engine is what the edge falls back to, so that is what is expected there.
     */
    @Test
    void theServerEncryptsWithOpenSslWhereNettyTcnativeIsShipped() throws IOException {
        boolean shipped = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        String expected = shipped ? "OpenSSL" : "JDK";
        String other = shipped ? "JDK" : "OpenSSL";
        double before = handshakes(expected);

        try (SSLSocket socket = TlsClients.connect(httpsPort.port(), CERTIFICATES.caCertificate(), 10_000)) {
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            // The server completes its side once the client's Finished is in, after the client's side.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(handshakes(expected) - before)
                    .as("TLS handshakes done by " + expected).isEqualTo(1));
        }
        assertThat(handshakes(other)).as("TLS handshakes done by " + other).isZero();
    }

    /**
     * The connection guard's bounds over TLS, each on a connection of its own, at once: a handshake never begun, a
     * half head over HTTP/1.1, and over HTTP/2 a connection that sends its preface and no request, and one whose
     * HEADERS frame stops halfway are closed within the head bound; an HTTP/2 connection that had its answer and then
     * sends only control frames (PING) keeps the idle bound. HTTP/2 connections are told so by GOAWAY.
     */
    @Test
    void closesTlsConnectionsThatHoldWithoutRequestingWithinTheSameBoundsAsPlainOnes() throws Exception {
        double headTimeoutsBefore = counter("streamgate.http.request.head.timeouts");
        double idleClosedBefore = counter("streamgate.http.connections.idle.closed");
        int port = httpsPort.port();
        Path ca = CERTIFICATES.caCertificate();
        int bound = (int) IDLE_TIMEOUT.plus(SLACK).toMillis();

        CompletableFuture<Duration> noHandshake = timed(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(bound);
                return SlowClientsTest.readUntilClosed(socket.getInputStream());
            }
        });
        CompletableFuture<Duration> halfHead = timed(() -> {
            try (SSLSocket socket = TlsClients.connect(port, ca, bound, "http/1.1")) {
                socket.getOutputStream().write("GET /livez HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
                return SlowClientsTest.readUntilClosed(socket.getInputStream());
            }
        });
        CompletableFuture<Duration> prefaceOnly = timed(() -> {
            try (RawHttp2 connection = RawHttp2.connect(port, ca, bound)) {
                List<RawHttp2.Frame> frames = connection.preface().untilClosed();
                assertThat(frames).extracting(RawHttp2.Frame::type).contains(RawHttp2.GOAWAY);
                return "";
            }
        });
        CompletableFuture<Duration> halfHeaders = timed(() -> {
            try (RawHttp2 connection = RawHttp2.connect(port, ca, bound)) {
                byte[] head = RawHttp2.get("/livez");
                connection.preface().bytes(RawHttp2.header(head.length, RawHttp2.HEADERS,
                        RawHttp2.END_HEADERS | RawHttp2.END_STREAM, 1)).bytes(java.util.Arrays.copyOf(head, 3));
                connection.untilClosed();
                return "";
            }
        });
        CompletableFuture<Duration> pingsAfterAnAnswer = timed(() -> {
            try (RawHttp2 connection = RawHttp2.connect(port, ca, bound)) {
                connection.preface().frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS | RawHttp2.END_STREAM, 1,
                        RawHttp2.get("/livez")).response(1);
                long answered = System.nanoTime();
                // Control frames for longer than the head bound: they are no request head.
                while (System.nanoTime() - answered < HEAD_TIMEOUT.plusSeconds(1).toNanos()) {
                    connection.frame(RawHttp2.PING, 0, 0, new byte[8]);
                    Thread.sleep(500);
                }
                assertThat(connection.untilClosed()).extracting(RawHttp2.Frame::type).contains(RawHttp2.GOAWAY);
                return "";
            }
        });

        assertThat(noHandshake.join()).isBetween(HEAD_TIMEOUT.minusMillis(200), HEAD_TIMEOUT.plus(SLACK));
        assertThat(halfHead.join()).isBetween(HEAD_TIMEOUT.minusMillis(200), HEAD_TIMEOUT.plus(SLACK));
        assertThat(prefaceOnly.join()).isBetween(HEAD_TIMEOUT.minusMillis(200), HEAD_TIMEOUT.plus(SLACK));
        assertThat(halfHeaders.join()).isBetween(HEAD_TIMEOUT.minusMillis(200), HEAD_TIMEOUT.plus(SLACK));
        assertThat(pingsAfterAnAnswer.join()).isBetween(IDLE_TIMEOUT.minusMillis(200), IDLE_TIMEOUT.plus(SLACK));
        assertThat(counter("streamgate.http.request.head.timeouts") - headTimeoutsBefore).isGreaterThanOrEqualTo(4);
        assertThat(counter("streamgate.http.connections.idle.closed") - idleClosedBefore).isGreaterThanOrEqualTo(1);
    }

    /** How long {@code client} took, run on a thread of its own. */
    private static CompletableFuture<Duration> timed(Callable<String> client) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                client.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Duration.ofNanos(System.nanoTime() - start);
        });
    }

    private X509Certificate presentedCertificate() throws IOException {
        try (SSLSocket socket = TlsClients.connect(httpsPort.port(), CERTIFICATES.caCertificate(), 10_000)) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static HttpRequest.Builder post(String uri, String body) {
        return request(uri).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder request(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String requestId) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("strict-transport-security")).hasValue("max-age=0");
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        if (requestId != null) {
            assertThat(id).isEqualTo(requestId);
        }
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("request_id").asString()).isEqualTo(id);
        return problem;
    }

    private double counter(String name) {
        return meters.get(name).counter().count();
    }

    private double handshakes(String engine) {
        return meters.get("streamgate.http.tls.handshakes").tag("engine", engine).counter().count();
    }

    private static String ca() {
        return CERTIFICATES.caCertificate().toString();
    }

    private static DevCertificates certificatesIn(String name) {
        try {
            return DevCertificates.in(Files.createTempDirectory("streamgate-tls-" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
