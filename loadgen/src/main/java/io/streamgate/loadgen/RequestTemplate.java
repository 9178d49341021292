package io.streamgate.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pre-encoded HTTP/1.1 request bytes with a body that varies cheaply per request.
 *
 * <p>The body template may contain {@value #PLACEHOLDER}, replaced by {@code sequence % customers}: e.g.
 * {@code {"customer_id": "CUST-%d"}} spreads keys over {@code customers} ids, hence over a topic's partitions.
 * Everything except that number and the {@code Content-Length} digits is encoded once; {@link #encode} then only
 * copies byte arrays into a caller-owned buffer, so sending allocates nothing. Several body templates (variants, e.g.
 * orders with different items) are spread over the requests by a hash of the sequence number, independently of the
 * placeholder's value.
 */
public final class RequestTemplate implements Requests {

    public static final String PLACEHOLDER = "%d";

    private final boolean head;
    private final byte[] start;          // request line and headers up to "Content-Length: ", or the whole head
    private final byte[][][] variants;   // per body variant: split at each placeholder; null when there is no body
    private final int[] fixedBodyLengths;
    private final long customers;

    /**
     * @param method       e.g. POST
     * @param hostHeader   value of the Host header, e.g. {@code 127.0.0.1:8000}
     * @param requestPath  path and query, e.g. {@code /payments}
     * @param headers      extra header lines, {@code Name: value}
     * @param bodyTemplate body with optional {@value #PLACEHOLDER}s; empty for none
     * @param customers    how many distinct values the placeholder cycles over (>= 1)
     */
    public RequestTemplate(String method, String hostHeader, String requestPath, List<String> headers,
                           String bodyTemplate, long customers) {
        this(method, hostHeader, requestPath, headers, List.of(bodyTemplate), customers);
    }

    /** As above, with several body variants (at least one; all empty or all non-empty). */
    public RequestTemplate(String method, String hostHeader, String requestPath, List<String> headers,
                           List<String> bodyTemplates, long customers) {
        if (bodyTemplates.isEmpty()) {
            throw new IllegalArgumentException("at least one body template");
        }
        String bodyTemplate = bodyTemplates.getFirst();
        if (customers < 1) {
            throw new IllegalArgumentException("customers must be >= 1");
        }
        this.customers = customers;
        String m = method.toUpperCase(Locale.ROOT);
        this.head = m.equals("HEAD");
        boolean hasBody = !bodyTemplate.isEmpty() || m.equals("POST") || m.equals("PUT") || m.equals("PATCH");

        StringBuilder sb = new StringBuilder(256);
        sb.append(m).append(' ').append(requestPath).append(" HTTP/1.1\r\n");
        boolean hasHost = false;
        boolean hasContentType = false;
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0 || h.contains("\r") || h.contains("\n")) {
                throw new IllegalArgumentException("header must be 'Name: value': " + h);
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("content-length") || name.equals("transfer-encoding")) {
                throw new IllegalArgumentException("the body framing header is computed, do not pass " + name);
            }
            hasHost |= name.equals("host");
            hasContentType |= name.equals("content-type");
            sb.append(h.substring(0, colon).trim()).append(": ").append(h.substring(colon + 1).trim()).append("\r\n");
        }
        if (!hasHost) {
            sb.append("Host: ").append(hostHeader).append("\r\n");
        }
        if (hasBody && !hasContentType && !bodyTemplate.isEmpty()) {
            sb.append("Content-Type: application/json\r\n");
        }
        sb.append("User-Agent: streamgate-loadgen\r\n");
        if (hasBody) {
            sb.append("Content-Length: ");
            this.variants = new byte[bodyTemplates.size()][][];
            this.fixedBodyLengths = new int[bodyTemplates.size()];
            for (int v = 0; v < bodyTemplates.size(); v++) {
                String template = bodyTemplates.get(v);
                List<byte[]> parts = new ArrayList<>();
                int from = 0;
                for (int at; (at = template.indexOf(PLACEHOLDER, from)) >= 0; from = at + PLACEHOLDER.length()) {
                    parts.add(template.substring(from, at).getBytes(StandardCharsets.UTF_8));
                }
                parts.add(template.substring(from).getBytes(StandardCharsets.UTF_8));
                variants[v] = parts.toArray(byte[][]::new);
                int fixed = 0;
                for (byte[] p : variants[v]) {
                    fixed += p.length;
                }
                fixedBodyLengths[v] = fixed;
            }
        } else {
            sb.append("\r\n");
            this.variants = null;
            this.fixedBodyLengths = null;
        }
        this.start = sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** True if the request is HEAD (its response has no body). */
    @Override
    public boolean isHead() {
        return head;
    }

    /** A buffer size that fits any request {@link #encode} produces. */
    @Override
    public int maxLength() {
        if (variants == null) {
            return start.length + 20 + 4;
        }
        int longest = 0;
        for (int v = 0; v < variants.length; v++) {
            longest = Math.max(longest, fixedBodyLengths[v] + (variants[v].length - 1) * 20);
        }
        return start.length + 20 + 4 + longest;
    }

    /** Writes request number {@code sequence} into {@code buffer} and returns its length. */
    @Override
    public int encode(long sequence, byte[] buffer) {
        System.arraycopy(start, 0, buffer, 0, start.length);
        int at = start.length;
        if (variants == null) {
            return at;
        }
        int variant = variants.length == 1 ? 0 : (int) Math.floorMod(mix(sequence), (long) variants.length);
        byte[][] bodyParts = variants[variant];
        int fixedBodyLength = fixedBodyLengths[variant];
        long customer = Math.floorMod(sequence, customers);
        int digits = decimalLength(customer);
        int bodyLength = fixedBodyLength + (bodyParts.length - 1) * digits;
        at = putDecimal(bodyLength, buffer, at);
        buffer[at++] = '\r';
        buffer[at++] = '\n';
        buffer[at++] = '\r';
        buffer[at++] = '\n';
        for (int i = 0; i < bodyParts.length; i++) {
            if (i > 0) {
                at = putDecimal(customer, buffer, at);
            }
            System.arraycopy(bodyParts[i], 0, buffer, at, bodyParts[i].length);
            at += bodyParts[i].length;
        }
        return at;
    }

    /** Convenience for tests and diagnostics: request {@code sequence} as a fresh array. */
    public byte[] encode(long sequence) {
        byte[] b = new byte[maxLength()];
        int n = encode(sequence, b);
        return java.util.Arrays.copyOf(b, n);
    }

    /** A cheap, well-spread hash (SplitMix64's finaliser), so variants do not line up with the placeholder. */
    private static long mix(long x) {
        long z = x * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static int decimalLength(long v) {
        int n = 1;
        for (long x = v; x >= 10; x /= 10) {
            n++;
        }
        return n;
    }

    /** Writes non-negative {@code v} in decimal at {@code at}; returns the index after it. */
    static int putDecimal(long v, byte[] buffer, int at) {
        int end = at + decimalLength(v);
        long x = v;
        for (int i = end - 1; i >= at; i--) {
            buffer[i] = (byte) ('0' + (x % 10));
            x /= 10;
        }
        return end;
    }
}
