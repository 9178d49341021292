package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseParserTest {

    private static HttpResponseParser parser(String wire) {
        return new HttpResponseParser(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Delivers one byte per read: every boundary in the parser gets crossed mid-token. */
    private static HttpResponseParser trickling(String wire, int bufferSize) {
        return trickling(wire, bufferSize, null);
    }

    private static HttpResponseParser trickling(String wire, int bufferSize, String captureHeader) {
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        InputStream in = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[i++];
                return 1;
            }
        };
        return new HttpResponseParser(in, bufferSize, captureHeader);
    }

    private static String captured(HttpResponseParser p) {
        return p.capturedLength() < 0 ? null
                : new String(p.captured(), 0, p.capturedLength(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void contentLengthBodyThenNextResponseOnTheSameConnection() throws IOException {
        HttpResponseParser p = parser("""
                HTTP/1.1 201 Created\r
                Content-Type: application/json\r
                content-length: 21\r
                \r
                {"status":"accepted"}HTTP/1.1 400 Bad Request\r
                Content-Length: 2\r
                \r
                {}""");
        assertThat(p.readResponse(false)).isEqualTo(201);
        assertThat(p.bodyBytes()).isEqualTo(21);
        assertThat(p.keepAlive()).isTrue();
        assertThat(p.readResponse(false)).isEqualTo(400);
        assertThat(p.bodyBytes()).isEqualTo(2);
        assertThatThrownBy(() -> p.readResponse(false)).isInstanceOf(EOFException.class)
                .hasMessageContaining("closed by server");
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() throws IOException {
        String wire = """
                HTTP/1.1 200 OK\r
                Transfer-Encoding: gzip, Chunked\r
                \r
                5;ext=1\r
                hello\r
                1A\r
                abcdefghijklmnopqrstuvwxyz\r
                0\r
                X-Trailer: yes\r
                \r
                HTTP/1.1 204 No Content\r
                \r
                """;
        for (HttpResponseParser p : new HttpResponseParser[] {parser(wire), trickling(wire, 64)}) {
            assertThat(p.readResponse(false)).isEqualTo(200);
            assertThat(p.bodyBytes()).isEqualTo(5 + 26);
            assertThat(p.keepAlive()).isTrue();
            assertThat(p.readResponse(false)).isEqualTo(204);
            assertThat(p.bodyBytes()).isZero();
        }
    }

    @Test
    void bodyLargerThanTheBufferArrivingInPieces() throws IOException {
        String body = "x".repeat(1000);
        HttpResponseParser p = trickling("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + body
                + "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", 64);
        assertThat(p.readResponse(false)).isEqualTo(200);
        assertThat(p.bodyBytes()).isEqualTo(1000);
        assertThat(p.readResponse(false)).isEqualTo(201);
    }

    @Test
    void keepAliveRules() throws IOException {
        HttpResponseParser close11 = parser("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertThat(close11.readResponse(false)).isEqualTo(200);
        assertThat(close11.keepAlive()).isFalse();

        HttpResponseParser http10 = parser("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
        http10.readResponse(false);
        assertThat(http10.keepAlive()).isFalse();

        HttpResponseParser http10KeepAlive = parser("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n");
        http10KeepAlive.readResponse(false);
        assertThat(http10KeepAlive.keepAlive()).isTrue();
    }

    @Test
    void bodyWithoutLengthRunsToCloseAndEndsTheConnection() throws IOException {
        HttpResponseParser p = parser("HTTP/1.1 500 Internal Server Error\r\n\r\noops, no length");
        assertThat(p.readResponse(false)).isEqualTo(500);
        assertThat(p.bodyBytes()).isEqualTo(15);
        assertThat(p.keepAlive()).isFalse();
    }

    @Test
    void interimContinueIsSkippedAndHeadHasNoBody() throws IOException {
        HttpResponseParser p = parser("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}"
                + "HTTP/1.1 200 OK\r\nContent-Length: 12345\r\n\r\n");
        assertThat(p.readResponse(false)).isEqualTo(201);
        assertThat(p.readResponse(true)).isEqualTo(200);
        assertThat(p.bodyBytes()).isZero();
    }

    @Test
    void truncatedAndMalformedResponsesFail() {
        assertThatThrownBy(() -> parser("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc").readResponse(false))
                .isInstanceOf(EOFException.class).hasMessageContaining("7 body bytes missing");
        assertThatThrownBy(() -> parser("HTTP/1.1 200 OK\r\nContent-Le").readResponse(false))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> parser("SMTP ready\r\n\r\n").readResponse(false))
                .isInstanceOf(IOException.class).hasMessageContaining("malformed status line");
        assertThatThrownBy(() -> parser("HTTP/1.1 2x0 OK\r\n\r\n").readResponse(false))
                .hasMessageContaining("malformed status code");
        assertThatThrownBy(() -> trickling("HTTP/1.1 200 OK\r\nX: " + "y".repeat(100) + "\r\n\r\n", 64)
                .readResponse(false)).hasMessageContaining("longer than 64 bytes");
    }

    @Test
    void theNamedHeaderIsCapturedPerResponseAndForgottenWhenAbsent() throws IOException {
        String wire = """
                HTTP/1.1 201 Created\r
                location:   /orders/0f1e2d3c-aaaa-4bbb-8ccc-123456789abc \t\r
                Content-Length: 30\r
                \r
                {"order_id":"not-this-one-xx"}HTTP/1.1 201 Created\r
                Content-Length: 0\r
                \r
                HTTP/1.1 100 Continue\r
                LOCATION: /interim\r
                \r
                HTTP/1.1 201 Created\r
                Transfer-Encoding: chunked\r
                Location: /orders/1\r
                Location: /orders/2\r
                \r
                2\r
                {}\r
                0\r
                \r
                """;
        // A 64-byte buffer: the value must be copied out before the next lines and the body overwrite it.
        for (HttpResponseParser p : new HttpResponseParser[] {
                new HttpResponseParser(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)),
                        "Location"),
                trickling(wire, 64, "Location")}) {
            assertThat(p.readResponse(false)).isEqualTo(201);
            assertThat(captured(p)).isEqualTo("/orders/0f1e2d3c-aaaa-4bbb-8ccc-123456789abc");
            assertThat(p.readResponse(false)).isEqualTo(201);
            assertThat(captured(p)).as("no Location in this response").isNull();
            assertThat(p.readResponse(false)).isEqualTo(201);
            assertThat(captured(p)).as("the final response's, last one wins").isEqualTo("/orders/2");
        }
    }

    @Test
    void aValueLongerThanTheCaptureBufferIsKeptWhole() throws IOException {
        String id = "i".repeat(1_000);
        HttpResponseParser p = new HttpResponseParser(new ByteArrayInputStream(("HTTP/1.1 201 Created\r\n"
                + "Location: /orders/" + id + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII)),
                "location");
        p.readResponse(false);
        assertThat(captured(p)).isEqualTo("/orders/" + id);
    }

    @Test
    void withoutACaptureHeaderNothingIsCaptured() throws IOException {
        HttpResponseParser p = parser("HTTP/1.1 201 Created\r\nLocation: /orders/1\r\nContent-Length: 0\r\n\r\n");
        p.readResponse(false);
        assertThat(p.capturedLength()).isEqualTo(-1);
    }
}
