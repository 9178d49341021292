package io.streamgate.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a raw socket, for tests where nothing between the test and the server may retry, pool, complete or
 * time out a request on its own: kept-alive and pipelined requests, malformed heads. A response is read exactly (by
 * {@code content-length} or chunked), so the next one stays in the socket.
 */
public final class RawHttp implements AutoCloseable {

    /** A response: its status line and headers as sent, and its body. */
    public record Response(String head, String body) {

        public int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        /** The value of a header, or null: names compared without case. */
        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).trim()).findFirst().orElse(null);
        }
    }

    private final Socket socket;
    private final int answerWithinMs;

    private RawHttp(Socket socket, int answerWithinMs) {
        this.socket = socket;
        this.answerWithinMs = answerWithinMs;
    }

    public static RawHttp connect(int port, int answerWithinMs) throws IOException {
        return over(new Socket("127.0.0.1", port), answerWithinMs);
    }

    /** HTTP/1.1 over a socket already connected (a TLS one, for example). */
    public static RawHttp over(Socket socket, int answerWithinMs) throws IOException {
        socket.setSoTimeout(answerWithinMs);
        return new RawHttp(socket, answerWithinMs);
    }

    public static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    /** Writes {@code requests} in one write: several requests in one string are pipelined. */
    public RawHttp send(String requests) throws IOException {
        return send(requests.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes these bytes as they are: a head and a body, which may be anything but UTF-8. */
    public RawHttp send(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next response; fails when none is complete within the bound or the server closes first. */
    public Response read() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        try {
            while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed by the server after " + head.length() + " bytes: " + head);
                }
                head.append((char) b);
            }
            Response headOnly = new Response(head.toString(), "");
            String length = headOnly.header("content-length");
            if (length != null) {
                return new Response(head.toString(),
                        new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8));
            }
            if ("chunked".equalsIgnoreCase(headOnly.header("transfer-encoding"))) {
                return new Response(head.toString(), readChunks(in));
            }
            return headOnly;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete answer within " + answerWithinMs + " ms; received: " + head, e);
        }
    }

    private static String readChunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("closed mid-chunk");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
