package io.streamgate.support;

import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.Assumptions;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Clients of a TLS server that trust one CA (a PEM file): the JDK's, reactor-netty's for a {@link WebTestClient}, raw
 * TLS sockets with a chosen ALPN protocol, and the command-line tools a user would take ({@code curl},
 * {@code python3} with {@code requests}). Host names are verified: the server's certificate must name
 * {@code localhost}.
 */
public final class TlsClients {

    private TlsClients() {
    }

    /** The JDK's TLS context trusting the CA in {@code caPem}. */
    public static SSLContext trusting(Path caPem) {
        return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(caPem.toString())))
                .createSslContext();
    }

    /**
     * A TLS connection to {@code localhost:port}, handshake done and the certificate's name checked, offering
     * {@code protocols} by ALPN (none: no ALPN, so HTTP/1.1).
     */
    public static SSLSocket connect(int port, Path caPem, int timeoutMs, String... protocols) throws IOException {
        SSLSocket socket = (SSLSocket) trusting(caPem).getSocketFactory().createSocket("localhost", port);
        socket.setSoTimeout(timeoutMs);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocols.length > 0) {
            parameters.setApplicationProtocols(protocols);
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** A {@link WebTestClient} of {@code https://localhost:port} (HTTP/1.1) trusting the CA in {@code caPem}. */
    public static WebTestClient webTestClient(int port, Path caPem) {
        HttpClient http = HttpClient.newConnection().secure(spec -> spec.sslContext(Http11SslContextSpec.forClient()
                .configure(builder -> trust(builder, caPem))));
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(http)).baseUrl("https://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static void trust(SslContextBuilder builder, Path caPem) {
        builder.trustManager(caPem.toFile());
    }

    /** What a command printed (standard output and error together) and how it ended. */
    public record Result(int exitCode, String output) {
    }

    /** Runs a command to its end (at most a minute). */
    public static Result run(List<String> command) {
        try {
            Path output = Files.createTempFile("streamgate-command", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("%s did not end within a minute; it printed:%n%s", command, Files.readString(output));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The path of a tool on the PATH. Missing, it fails in CI ({@code CI} set: {@code .ci/run} installs it) and skips
     * the test elsewhere, saying which package provides it.
     */
    public static String tool(String name, String debianPackage) {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        String found = Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).map(Path::toString).findFirst().orElse(null);
        if (found == null && System.getenv("CI") != null) {
            fail(name + " is required in CI (apt-get install " + debianPackage + "; .ci/run installs it)");
        }
        Assumptions.assumeTrue(found != null, name + " not on the PATH (apt-get install " + debianPackage + ")");
        return found;
    }
}
