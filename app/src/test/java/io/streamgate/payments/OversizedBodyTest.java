package io.streamgate.payments;

import io.streamgate.support.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A client that writes its whole request before reading the answer (as Python's {@code requests} and {@code urllib}
 * do) gets the 413 problem for a body far over the limit, not a connection reset. Raw sockets, so that nothing
 * between the test and the server reads the answer early or retries.
 */
class OversizedBodyTest extends EndToEndTest {

    private static final int EIGHT_MB = 8 * 1024 * 1024;

    @Value("${local.server.port}")
    int port;

    @Test
    void shouldAnswer413ToAClientThatSendsAll8MegabytesBeforeReading() throws IOException {
        String response = exchange(socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /payments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + EIGHT_MB + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = whitespace(64 * 1024);
            for (int sent = 0; sent < EIGHT_MB; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
        });

        assertTooLarge(response, 16 * 1024);
    }

    @Test
    void shouldAnswer413ToAChunkedBodyOverTheLimitAfterReadingItAll() throws IOException {
        String response = exchange(socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /payments/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = whitespace(64 * 1024);
            byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int sent = 0; sent < EIGHT_MB; sent += chunk.length) {
                out.write(head);
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });

        assertTooLarge(response, 1024 * 1024);
    }

    @Test
    void shouldAnswer413ToPythonUrllibSending8Megabytes() throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "needs /usr/bin/python3");
        String script = """
                import sys, urllib.request, urllib.error
                request = urllib.request.Request(sys.argv[1], data=b" " * (8 * 1024 * 1024),
                                                 headers={"Content-Type": "application/json"})
                try:
                    urllib.request.urlopen(request, timeout=60)
                    print("no error")
                except urllib.error.HTTPError as e:
                    print(e.code, e.headers.get("Content-Type"), e.read().decode())
                """;
        Process process = new ProcessBuilder(python.toString(), "-c", script, "http://127.0.0.1:" + port + "/payments")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(output).startsWith("413 application/problem+json").contains("\"limit_bytes\":16384");
    }

    private interface Sending {
        void send(Socket socket) throws IOException;
    }

    /** Sends the whole request first, then reads the whole answer (the server closes the connection after it). */
    private String exchange(Sending sending) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            sending.send(socket);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertTooLarge(String response, long limit) {
        assertThat(response).startsWith("HTTP/1.1 413");
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).contains("content-type: application/problem+json").contains("connection: close");
        assertThat(response).contains("\"status\":413").contains("\"limit_bytes\":" + limit);
    }

    /** JSON whitespace: what a body would be made of does not matter, its size does. */
    private static byte[] whitespace(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) ' ');
        return bytes;
    }
}
