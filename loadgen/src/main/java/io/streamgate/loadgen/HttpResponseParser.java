package io.streamgate.loadgen;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads HTTP/1.1 responses from a stream, one after another on a keep-alive connection, and discards their
 * bodies: a load generator needs the status code and where the next response starts, nothing else, except
 * optionally the value of one named header (e.g. {@code Location}, the id of a created resource), captured as bytes
 * into a buffer of the parser's own ({@link #capturedLength()}, {@link #captured()}).
 *
 * <p>Works on bytes in its own buffer (no {@code String} per header, no per-response allocation). Handles
 * {@code Content-Length}, {@code Transfer-Encoding: chunked}, bodies delimited by connection close, bodiless
 * responses (1xx, 204, 304, replies to HEAD), interim {@code 100 Continue}, and the keep-alive rules of HTTP/1.0
 * and 1.1. Not thread-safe: one parser per connection.
 */
public final class HttpResponseParser {

    private static final byte[] CONTENT_LENGTH = bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding");
    private static final byte[] CONNECTION = bytes("connection");
    private static final byte[] CHUNKED = bytes("chunked");
    private static final byte[] CLOSE = bytes("close");
    private static final byte[] KEEP_ALIVE = bytes("keep-alive");

    private final InputStream in;
    private final byte[] buf;
    /** Lower-case name of the header whose value is kept, or null. */
    private final byte[] captureName;
    /** The captured value of the last response; grows (rarely) if a value is longer. */
    private byte[] captured = new byte[0];
    private int capturedLength = -1;
    private int pos;
    private int limit;

    private boolean keepAlive;
    private long bodyBytes;
    /** Bytes read from the stream since {@link #expectResponse()}. */
    private long received;

    // Line bounds of the last readLine(), excluding CRLF.
    private int lineStart;
    private int lineEnd;

    public HttpResponseParser(InputStream in) {
        this(in, 16 * 1024, null);
    }

    /**
     * @param captureHeader name of a header whose value to keep for each response (case-insensitive), or null
     */
    public HttpResponseParser(InputStream in, String captureHeader) {
        this(in, 16 * 1024, captureHeader);
    }

    HttpResponseParser(InputStream in, int bufferSize) {
        this(in, bufferSize, null);
    }

    HttpResponseParser(InputStream in, int bufferSize, String captureHeader) {
        this.in = in;
        this.buf = new byte[bufferSize];
        this.captureName = captureHeader == null ? null
                : bytes(captureHeader.trim().toLowerCase(Locale.ROOT));
        if (captureName != null) {
            this.captured = new byte[256];
        }
    }

    /**
     * Reads one complete response (skipping interim 1xx responses) and returns its status code.
     *
     * @param headRequest true if the request was HEAD (the response then has no body whatever its headers say)
     * @throws EOFException if the connection closed before a complete response
     */
    public int readResponse(boolean headRequest) throws IOException {
        this.headRequest = headRequest;
        received = 0;
        while (true) {
            int status = readHead();
            if (status >= 100 && status < 200 && status != 101) {
                continue; // 100 Continue and friends: the real response follows
            }
            return status;
        }
    }

    /**
     * The connection ended before a single byte of the response: on a keep-alive connection that already
     * served requests, the server most likely closed it as idle while the request was on its way.
     */
    public static final class ClosedBeforeResponseException extends EOFException {
        ClosedBeforeResponseException() {
            super("connection closed by server before a response");
        }
    }

    /** Marks the start of an exchange (call before writing the request), for {@link #nothingReceived()}. */
    public void expectResponse() {
        received = 0;
    }

    /** True if not a byte arrived since {@link #expectResponse()}: a failure now left the response unstarted. */
    public boolean nothingReceived() {
        return received == 0;
    }

    /** Whether the connection may carry another request after the last response. */
    public boolean keepAlive() {
        return keepAlive;
    }

    /**
     * Length of the captured header's value in the last response (surrounding whitespace trimmed), or -1 if the
     * response had no such header (or no header is captured). With the header repeated, the last one counts.
     */
    public int capturedLength() {
        return capturedLength;
    }

    /**
     * The captured value's bytes, valid in {@code [0, capturedLength())} until the next response is read. The
     * array is the parser's own: copy what must outlive the next response.
     */
    public byte[] captured() {
        return captured;
    }

    /** Body bytes of the last response (after de-chunking). */
    public long bodyBytes() {
        return bodyBytes;
    }

    /** Whether the response being read answers a HEAD request (and so has no body). */
    private boolean headRequest;

    private int readHead() throws IOException {
        if (!readLine()) {
            if (received == 0) {
                throw new ClosedBeforeResponseException();
            }
            throw new EOFException("truncated status line");
        }
        // "HTTP/1.x SSS reason"
        int len = lineEnd - lineStart;
        if (len < 12 || !startsWith(lineStart, "HTTP/1.") || buf[lineStart + 8] != ' ') {
            throw new IOException("malformed status line: " + text(lineStart, lineEnd));
        }
        boolean http10 = buf[lineStart + 7] == '0';
        int status = 0;
        for (int i = lineStart + 9; i < lineStart + 12; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                throw new IOException("malformed status code: " + text(lineStart, lineEnd));
            }
            status = status * 10 + d;
        }

        long contentLength = -1;
        boolean chunked = false;
        keepAlive = !http10;
        capturedLength = -1;
        while (true) {
            if (!readLine()) {
                throw new EOFException("connection closed in the response headers");
            }
            if (lineEnd == lineStart) {
                break; // end of headers
            }
            int colon = indexOf(lineStart, lineEnd, (byte) ':');
            if (colon < 0) {
                throw new IOException("malformed header: " + text(lineStart, lineEnd));
            }
            int vs = colon + 1;
            while (vs < lineEnd && (buf[vs] == ' ' || buf[vs] == '\t')) {
                vs++;
            }
            if (nameIs(colon, CONTENT_LENGTH)) {
                contentLength = parseDecimal(vs, lineEnd);
            } else if (nameIs(colon, TRANSFER_ENCODING)) {
                chunked = containsIgnoreCase(vs, lineEnd, CHUNKED);
            } else if (nameIs(colon, CONNECTION)) {
                if (containsIgnoreCase(vs, lineEnd, CLOSE)) {
                    keepAlive = false;
                } else if (containsIgnoreCase(vs, lineEnd, KEEP_ALIVE)) {
                    keepAlive = true;
                }
            } else if (captureName != null && nameIs(colon, captureName)) {
                capture(vs, lineEnd);
            }
        }

        bodyBytes = 0;
        if (headRequest || (status >= 100 && status < 200) || status == 204 || status == 304) {
            return status;
        }
        if (chunked) {
            readChunkedBody();
        } else if (contentLength >= 0) {
            skip(contentLength);
            bodyBytes = contentLength;
        } else {
            // No length: the body runs until the server closes the connection.
            bodyBytes = skipToEof();
            keepAlive = false;
        }
        return status;
    }

    /** Copies the value out of the read buffer, which the next line or the body may overwrite. */
    private void capture(int from, int to) {
        int end = to;
        while (end > from && (buf[end - 1] == ' ' || buf[end - 1] == '\t')) {
            end--;
        }
        int n = end - from;
        if (n > captured.length) {
            captured = new byte[Math.max(n, 2 * captured.length)];
        }
        System.arraycopy(buf, from, captured, 0, n);
        capturedLength = n;
    }

    private void readChunkedBody() throws IOException {
        while (true) {
            if (!readLine()) {
                throw new EOFException("connection closed in a chunk header");
            }
            long size = 0;
            int i = lineStart;
            for (; i < lineEnd; i++) {
                int d = Character.digit(buf[i], 16);
                if (d < 0) {
                    break; // chunk extension (";name=value") or trailing whitespace
                }
                size = size * 16 + d;
                if (size > Integer.MAX_VALUE * 16L) {
                    throw new IOException("chunk too large");
                }
            }
            if (i == lineStart) {
                throw new IOException("malformed chunk size: " + text(lineStart, lineEnd));
            }
            if (size == 0) {
                // Trailer fields until an empty line.
                do {
                    if (!readLine()) {
                        throw new EOFException("connection closed in chunked trailers");
                    }
                } while (lineEnd != lineStart);
                return;
            }
            skip(size);
            bodyBytes += size;
            if (!readLine() || lineEnd != lineStart) {
                throw new IOException("missing CRLF after chunk data");
            }
        }
    }

    /** Reads the next line into [lineStart, lineEnd); false on EOF before a line terminator. */
    private boolean readLine() throws IOException {
        int scanFrom = pos;
        while (true) {
            for (int i = scanFrom; i < limit; i++) {
                if (buf[i] == '\n') {
                    lineStart = pos;
                    lineEnd = (i > pos && buf[i - 1] == '\r') ? i - 1 : i;
                    pos = i + 1;
                    return true;
                }
            }
            scanFrom = limit - pos; // after compaction, the unscanned part starts here
            if (!fill()) {
                lineStart = lineEnd = pos;
                return false;
            }
            scanFrom += pos;
        }
    }

    /** Moves unread bytes to the front and reads more; false on EOF. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            throw new IOException("response header line longer than " + buf.length + " bytes");
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            return false;
        }
        received += n;
        limit += n;
        return true;
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            if (pos == limit) {
                pos = limit = 0;
                int r = in.read(buf, 0, buf.length);
                if (r < 0) {
                    throw new EOFException("connection closed with " + left + " body bytes missing");
                }
                received += r;
                limit = r;
            }
            int take = (int) Math.min(left, limit - pos);
            pos += take;
            left -= take;
        }
    }

    private long skipToEof() throws IOException {
        long n = limit - pos;
        pos = limit = 0;
        for (int r; (r = in.read(buf, 0, buf.length)) >= 0; ) {
            n += r;
            received += r;
        }
        return n;
    }

    private boolean nameIs(int colon, byte[] lowerName) {
        int end = colon;
        while (end > lineStart && (buf[end - 1] == ' ' || buf[end - 1] == '\t')) {
            end--;
        }
        if (end - lineStart != lowerName.length) {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            if (lower(buf[lineStart + i]) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean containsIgnoreCase(int from, int to, byte[] lowerWord) {
        outer:
        for (int i = from; i <= to - lowerWord.length; i++) {
            for (int j = 0; j < lowerWord.length; j++) {
                if (lower(buf[i + j]) != lowerWord[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private long parseDecimal(int from, int to) throws IOException {
        long v = 0;
        int i = from;
        for (; i < to && buf[i] >= '0' && buf[i] <= '9'; i++) {
            v = v * 10 + (buf[i] - '0');
            if (v > Long.MAX_VALUE / 10) {
                throw new IOException("Content-Length too large");
            }
        }
        if (i == from) {
            throw new IOException("malformed Content-Length: " + text(lineStart, lineEnd));
        }
        return v;
    }

    private int indexOf(int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(int at, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (buf[at + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static byte lower(byte b) {
        return (b >= 'A' && b <= 'Z') ? (byte) (b + 32) : b;
    }

    private String text(int from, int to) {
        return new String(buf, from, Math.min(to - from, 200), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
