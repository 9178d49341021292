package io.streamgate.loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/**
 * HTTP/1.1 over plain blocking sockets: one keep-alive connection per scheduler thread, {@code TCP_NODELAY} on
 * (a request is one write; Nagle's algorithm would only add delay), requests from {@link Requests} (a
 * {@link RequestTemplate} or a workload).
 */
public final class HttpTarget implements Target {

    private final InetSocketAddress address;
    private final Requests template;
    private final int timeoutMillis;

    /**
     * @param address       must be loopback (see {@link LoopbackGuard}); checked again here so that no caller can
     *                      bypass the rule
     * @param timeoutMillis connect and read timeout; a request exceeding it counts as an error
     */
    public HttpTarget(InetAddress address, int port, Requests template, int timeoutMillis) {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("refusing non-loopback target " + address);
        }
        this.address = new InetSocketAddress(address, port);
        this.template = template;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Connection connect() throws IOException {
        return new HttpConnection();
    }

    private Socket openSocket() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private final class HttpConnection implements Connection {
        private final byte[] request = new byte[template.maxLength()];
        // Replaced when a stale connection is re-opened; volatile because close() may come from another thread.
        private volatile Socket socket;
        private OutputStream out;
        private HttpResponseParser parser;
        private long exchanges;
        private boolean reusable = true;

        HttpConnection() throws IOException {
            attach(openSocket());
        }

        private void attach(Socket s) throws IOException {
            socket = s;
            out = s.getOutputStream();
            parser = new HttpResponseParser(s.getInputStream());
        }

        @Override
        public int exchange(long sequence) throws IOException {
            int n = template.encode(sequence, request);
            int status;
            try {
                status = send(n);
            } catch (HttpResponseParser.ClosedBeforeResponseException | SocketException e) {
                // A server may close an idle keep-alive connection at any moment (the JDK server keeps at most
                // 200 idle, Tomcat closes after keepAliveTimeout); a request written at that moment finds the
                // connection gone. As HTTP clients do, retry once on a fresh connection, but only on a
                // connection that already served requests and only when no response byte arrived: a fresh
                // connection failing is a real error.
                if (exchanges == 0 || !parser.nothingReceived()) {
                    throw e;
                }
                socket.close();
                exchanges = 0;
                attach(openSocket());
                status = send(n);
            }
            exchanges++;
            reusable = parser.keepAlive();
            return status;
        }

        private int send(int length) throws IOException {
            parser.expectResponse();
            out.write(request, 0, length);
            return parser.readResponse(template.isHead());
        }

        @Override
        public boolean reusable() {
            return reusable;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
