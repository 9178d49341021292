package io.streamgate.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands between an application and the real registry of the dev stack, like a proxy or an ingress would: forwards
 * every request, except the schema lookups ({@code GET /schemas/ids/<id>}) while it is told to answer them itself, with
 * any status, content type and body. So a test can make the path to the registry fail in the ways a real one fails, for one
 * application, while the registry itself stays up for everyone else.
 */
public final class RegistryDouble implements AutoCloseable {

    /** An answer the double gives in the registry's place. */
    public record Answer(int status, String contentType, String body) {

        /** What a proxy or ingress with no route answers: a bare 404, an HTML page. */
        public static Answer bareNotFound() {
            return new Answer(404, "text/html", "<html><body><h1>404 Not Found</h1><hr>nginx</body></html>");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final String target;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Answer schemaLookups;
    private final List<String> answeredLookups = new CopyOnWriteArrayList<>();

    /** @param registryUrl the real registry's base url, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7} */
    public RegistryDouble(String registryUrl) throws IOException {
        this.target = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers every schema lookup itself from now on. */
    public void answerEverySchemaLookup(Answer answer) {
        schemaLookups = answer;
    }

    /** Forwards every request again. */
    public void forwardEverything() {
        schemaLookups = null;
    }

    /** The schema lookups the double answered itself, as {@code GET /schemas/ids/<id>}. */
    public List<String> answeredLookups() {
        return answeredLookups;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Answer own = method.equals("GET") && path.startsWith("/schemas/ids/") ? schemaLookups : null;
            if (own != null) {
                answeredLookups.add(method + " " + path);
                send(exchange, own.status(), own.contentType(), own.body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(5))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : List.of("Accept", "Content-Type")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                send(exchange, 502, "text/plain", new byte[0]);
                return;
            } catch (IOException e) {
                send(exchange, 502, "text/plain", new byte[0]);
                return;
            }
            send(exchange, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        http.close();
    }
}
