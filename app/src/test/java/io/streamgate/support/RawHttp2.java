package io.streamgate.support;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/2 over TLS frame by frame (RFC 9113), for tests of what a server does with a client that sends exactly these
 * frames and nothing else: no library completes, pings or times out anything on its own. Request heads are HPACK
 * literals (RFC 7541) without Huffman coding or a dynamic table; responses are read as frames, their heads not decoded.
 */
public final class RawHttp2 implements AutoCloseable {

    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int SETTINGS = 0x4;
    public static final int PING = 0x6;
    public static final int GOAWAY = 0x7;
    public static final int WINDOW_UPDATE = 0x8;
    public static final int END_STREAM = 0x1;
    public static final int ACK = 0x1;
    public static final int END_HEADERS = 0x4;
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** One frame as the server sent it. */
    public record Frame(int type, int flags, int stream, byte[] payload) {

        /** Whether it ends its stream from the server's side. */
        public boolean endsStream() {
            return (type == DATA || type == HEADERS) && (flags & END_STREAM) != 0;
        }
    }

    private final SSLSocket socket;
    private final DataInputStream in;

    private RawHttp2(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /**
     * A connection with {@code h2} negotiated by ALPN; the client's preface is not sent yet, so that a test can stop
     * before it.
     */
    public static RawHttp2 connect(int port, Path caPem, int timeoutMs) throws IOException {
        SSLSocket socket = TlsClients.connect(port, caPem, timeoutMs, "h2");
        assertThat(socket.getApplicationProtocol()).as("ALPN").isEqualTo("h2");
        return new RawHttp2(socket);
    }

    /** The connection preface and an empty SETTINGS frame, as every HTTP/2 client begins. */
    public RawHttp2 preface() throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(PREFACE);
        return frame(SETTINGS, 0, 0, new byte[0]);
    }

    public RawHttp2 frame(int type, int flags, int stream, byte[] payload) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(header(payload.length, type, flags, stream));
        out.write(payload);
        out.flush();
        return this;
    }

    /** Bytes as they are: a frame cut short, for instance. */
    public RawHttp2 bytes(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** A request head for {@code GET https://localhost{path}}: method, scheme, path and authority. */
    public static byte[] get(String path) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x82); // :method GET (static table 2)
        block.write(0x87); // :scheme https (static table 7)
        literal(block, 4, path); // :path, name from the static table (4)
        literal(block, 1, "localhost"); // :authority (1)
        return block.toByteArray();
    }

    /** The 9-byte header of a frame (RFC 9113, section 4.1). */
    public static byte[] header(int length, int type, int flags, int stream) {
        return new byte[]{(byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type, (byte) flags,
                (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
    }

    /** The next frame, or null when the server has closed the connection. */
    public Frame read() throws IOException {
        try {
            int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) {
                return null;
            }
            return new Frame(type, flags, stream, payload);
        } catch (EOFException closed) {
            return null;
        } catch (SocketException reset) {
            if (String.valueOf(reset.getMessage()).contains("reset")) {
                return null;
            }
            throw reset;
        }
    }

    /** Frames until the server's last frame of {@code stream}, answering its SETTINGS; fails if it closes first. */
    public List<Frame> response(int stream) throws IOException {
        List<Frame> frames = new ArrayList<>();
        while (true) {
            Frame frame = read();
            assertThat(frame).as("the response on stream %d before the connection closed; so far %s", stream, frames)
                    .isNotNull();
            if (frame.type() == SETTINGS && (frame.flags() & ACK) == 0) {
                frame(SETTINGS, ACK, 0, new byte[0]);
            }
            frames.add(frame);
            if (frame.stream() == stream && frame.endsStream()) {
                return frames;
            }
        }
    }

    /** Frames until the server closes the connection (an exception when it does not within the socket timeout). */
    public List<Frame> untilClosed() throws IOException {
        List<Frame> frames = new ArrayList<>();
        for (Frame frame; (frame = read()) != null; ) {
            frames.add(frame);
        }
        return frames;
    }

    /** A header field, its name from the static table, its value a literal without indexing (RFC 7541, 6.2.2). */
    private static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
        block.write(nameIndex);
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        integer(block, 7, bytes.length);
        block.writeBytes(bytes);
    }

    /** An HPACK integer with an n-bit prefix (RFC 7541, 5.1); the prefix's other bits are 0 (no Huffman coding). */
    private static void integer(ByteArrayOutputStream block, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            block.write(value);
            return;
        }
        block.write(max);
        value -= max;
        while (value >= 128) {
            block.write(value % 128 + 128);
            value /= 128;
        }
        block.write(value);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
