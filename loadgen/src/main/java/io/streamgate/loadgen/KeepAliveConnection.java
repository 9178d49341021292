package io.streamgate.loadgen;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;

/**
 * One HTTP/1.1 keep-alive connection over a blocking socket, {@code TCP_NODELAY} on (a request is one write;
 * Nagle's algorithm would only add delay): writes a caller-encoded request, reads the response with an
 * {@link HttpResponseParser} and discards its body. Reopens itself once when a server closed it as idle (see
 * {@link #exchange}). Used by one thread at a time; {@link #close} may come from another.
 */
final class KeepAliveConnection implements Closeable {

    /** A connection younger than this that fails before any exchange is an error, not a stale connection. */
    private static final Duration FRESH = Duration.ofSeconds(1);

    private final InetSocketAddress address;
    private final int timeoutMillis;
    private final String captureHeader;
    private final long freshNanos;
    private long attachedAtNanos;
    // Replaced when a stale connection is re-opened; volatile because close() may come from another thread.
    private volatile Socket socket;
    private OutputStream out;
    private HttpResponseParser parser;
    private long exchanges;
    private boolean reusable = true;

    /**
     * Connects now, so that connection set-up is not charged to the first request.
     *
     * @param address       must be loopback (see {@link LoopbackGuard}); checked here so that no caller can bypass
     *                      the rule
     * @param timeoutMillis connect and read timeout
     * @param captureHeader a response header whose value the parser keeps ({@link #parser()}), or null
     */
    KeepAliveConnection(InetSocketAddress address, int timeoutMillis, String captureHeader) throws IOException {
        this(address, timeoutMillis, captureHeader, FRESH);
    }

    /** @param fresh a connection younger than this that fails before its first exchange is an error */
    KeepAliveConnection(InetSocketAddress address, int timeoutMillis, String captureHeader, Duration fresh)
            throws IOException {
        if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("refusing non-loopback target " + address);
        }
        this.address = address;
        this.timeoutMillis = timeoutMillis;
        this.captureHeader = captureHeader;
        this.freshNanos = fresh.toNanos();
        attach(open());
    }

    private Socket open() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void attach(Socket s) throws IOException {
        attachedAtNanos = System.nanoTime();
        socket = s;
        out = s.getOutputStream();
        parser = new HttpResponseParser(s.getInputStream(), captureHeader);
    }

    /**
     * Sends {@code request[0, length)} and reads the whole response.
     *
     * @param head true for a HEAD request (its response has no body)
     * @return the status code
     */
    int exchange(byte[] request, int length, boolean head) throws IOException {
        int status;
        try {
            status = send(request, length, head);
        } catch (HttpResponseParser.ClosedBeforeResponseException | SocketException e) {
            // A server may close an idle keep-alive connection at any moment (the JDK server keeps at most
            // 200 idle, Tomcat closes after keepAliveTimeout); a request written at that moment finds the
            // connection gone. As HTTP clients do, retry once on a fresh connection, but only on a
            // connection that already served requests or sat unused for a while (a server closes one that
            // sends no request within its request-head timeout, Streamgate's included), and only when no
            // response byte arrived: a connection failing right after it was opened is a real error.
            boolean justOpened = exchanges == 0 && System.nanoTime() - attachedAtNanos < freshNanos;
            if (justOpened || !parser.nothingReceived()) {
                throw e;
            }
            socket.close();
            exchanges = 0;
            attach(open());
            status = send(request, length, head);
        }
        exchanges++;
        reusable = parser.keepAlive();
        return status;
    }

    private int send(byte[] request, int length, boolean head) throws IOException {
        parser.expectResponse();
        out.write(request, 0, length);
        return parser.readResponse(head);
    }

    /** False once the server asked to close (e.g. {@code Connection: close}): open a new one. */
    boolean reusable() {
        return reusable;
    }

    /** The parser of the last response (for its captured header). */
    HttpResponseParser parser() {
        return parser;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
