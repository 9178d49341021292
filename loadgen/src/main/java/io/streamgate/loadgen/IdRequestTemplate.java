package io.streamgate.loadgen;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A {@code GET} of one resource by id, e.g. {@code /order-details?orderId={id}}, as HTTP/1.1 bytes. The request line
 * and headers around {@value #PLACEHOLDER} are encoded once; {@link #forId} then only copies bytes.
 *
 * <p>The id comes from a header of a {@code 201} (see {@link HttpResponseParser}'s captured header): a
 * {@code Location} such as {@code /orders/8c2f…} or {@code http://host/orders/8c2f…}, of which the id is the last
 * path segment (query and fragment dropped). A value without a slash is taken whole, so an id header
 * ({@code X-Order-Id: 8c2f…}) works as well. The id goes into the URL percent-encoded, except unreserved characters
 * and percent-escapes already in the {@code Location}, which stay as they are.
 */
final class IdRequestTemplate {

    static final String PLACEHOLDER = "{id}";
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final URI uri;
    private final byte[] prefix;
    private final byte[] suffix;

    /** @param url e.g. {@code http://127.0.0.1:8001/order-details?orderId={id}}: the placeholder once, in the path or query */
    IdRequestTemplate(String url) {
        int at = url.indexOf(PLACEHOLDER);
        if (at < 0 || url.indexOf(PLACEHOLDER, at + 1) >= 0) {
            throw new IllegalArgumentException("the read URL must contain " + PLACEHOLDER + " once: " + url);
        }
        this.uri = URI.create(url.replace(PLACEHOLDER, "x"));
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("the read URL must be http://host:port/...: " + url);
        }
        int pathStart = url.indexOf('/', url.indexOf("://") + 3);
        if (pathStart < 0 || pathStart > at) {
            throw new IllegalArgumentException(PLACEHOLDER + " must be in the path or query: " + url);
        }
        this.prefix = ("GET " + url.substring(pathStart, at)).getBytes(StandardCharsets.UTF_8);
        this.suffix = (url.substring(at + PLACEHOLDER.length()) + " HTTP/1.1\r\nHost: " + hostHeader(uri)
                + "\r\nUser-Agent: streamgate-loadgen\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static String hostHeader(URI uri) {
        return uri.getHost() + ":" + port(uri);
    }

    static int port(URI uri) {
        return uri.getPort() < 0 ? 80 : uri.getPort();
    }

    /** Where the requests go (host and port of the URL). */
    URI uri() {
        return uri;
    }

    /** True if {@code value[0, length)} holds an id (length -1: no such header). */
    static boolean hasId(byte[] value, int length) {
        return length >= 0 && idStart(value, idEnd(value, length)) < idEnd(value, length);
    }

    /**
     * The whole request for the id in {@code value[0, length)}, as a new array (one per watched resource, used for
     * each of its polls), or null if there is no id.
     */
    byte[] forId(byte[] value, int length) {
        if (!hasId(value, length)) {
            return null;
        }
        int end = idEnd(value, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length + 3 * length + suffix.length);
        out.writeBytes(prefix);
        for (int i = idStart(value, end); i < end; i++) {
            byte b = value[i];
            if (unreserved(b) || b == '%') {
                out.write(b);
            } else {
                out.write('%');
                out.write(HEX[(b >> 4) & 0xF]);
                out.write(HEX[b & 0xF]);
            }
        }
        out.writeBytes(suffix);
        return out.toByteArray();
    }

    /** End of the path: before any query or fragment. */
    private static int idEnd(byte[] value, int length) {
        for (int i = 0; i < length; i++) {
            if (value[i] == '?' || value[i] == '#') {
                return i;
            }
        }
        return length;
    }

    /** Start of the last path segment. */
    private static int idStart(byte[] value, int end) {
        for (int i = end - 1; i >= 0; i--) {
            if (value[i] == '/') {
                return i + 1;
            }
        }
        return 0;
    }

    private static boolean unreserved(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '-' || b == '.' || b == '_' || b == '~';
    }
}
