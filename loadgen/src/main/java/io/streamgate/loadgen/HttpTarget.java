package io.streamgate.loadgen;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * HTTP/1.1 over plain blocking sockets: one {@link KeepAliveConnection} per scheduler thread, requests from
 * {@link Requests} (a {@link RequestTemplate} or a workload).
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
        return new HttpConnection(new KeepAliveConnection(address, timeoutMillis, null));
    }

    private final class HttpConnection implements Connection {
        private final byte[] request = new byte[template.maxLength()];
        private final KeepAliveConnection connection;

        HttpConnection(KeepAliveConnection connection) {
            this.connection = connection;
        }

        @Override
        public int exchange(long sequence) throws IOException {
            int n = template.encode(sequence, request);
            return connection.exchange(request, n, template.isHead());
        }

        @Override
        public boolean reusable() {
            return connection.reusable();
        }

        @Override
        public void close() throws IOException {
            connection.close();
        }
    }
}
