package io.streamgate.loadgen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A do-nothing HTTP server: reads the request body and answers any POST with {@code 201} and a tiny JSON body.
 * Measured in the same run as the app, it is the ceiling of "HTTP on this machine with this load generator",
 * which turns the app's throughput into a ratio that survives a noisy machine.
 *
 * <p>{@code java -cp streamgate-loadgen.jar io.streamgate.loadgen.TrivialServer --port 8090 [--threads 4]}.
 * Listens on loopback only.
 */
public final class TrivialServer {

    private static final byte[] CREATED = "{\"status\":\"accepted\"}".getBytes(StandardCharsets.US_ASCII);

    private TrivialServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = 8090;
        int threads = 4;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--help" -> {
                    System.out.println("Usage: TrivialServer [--port P (8090)] [--threads N (4)]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        HttpServer server = start(port, threads);
        System.out.println("TrivialServer listening on http://127.0.0.1:" + server.getAddress().getPort()
                + " with " + threads + " threads");
        Thread.currentThread().join();
    }

    /** Starts the server on {@code 127.0.0.1:port} (0 picks a free port) and returns it. */
    public static HttpServer start(int port, int threads) throws IOException {
        // Without TCP_NODELAY the JDK server's small writes meet Nagle and delayed ACKs: ~40 ms per response.
        // These properties are read when the first server is created, so they must be set before that.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // The JDK server closes idle keep-alive connections beyond 200; an open-loop pool may hold more.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        ExecutorService executor = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon()
                .name("trivial-http-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", TrivialServer::handle);
        server.start();
        return server;
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            // Read the whole body, as a real endpoint would, and so the connection can be reused.
            body.transferTo(java.io.OutputStream.nullOutputStream());
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, CREATED.length);
            exchange.getResponseBody().write(CREATED);
        }
    }
}
