package io.streamgate.platform.avro;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny in-memory Confluent Schema Registry REST API on the JDK's HTTP server, for unit tests only (integration tests
 * use the real Apicurio of the dev stack). Schemas are compared by their JSON text.
 */
public final class FakeSchemaRegistry implements AutoCloseable {

    static {
        // Without it the JDK server delays small responses by Nagle + delayed ACK (~40 ms each).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Map<String, Integer> idBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, String> schemaById = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int forcedStatus;
    private volatile RawAnswer forcedRaw;
    private volatile CountDownLatch held;

    private record RawAnswer(int status, String contentType, String body) {
    }

    public FakeSchemaRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request as "METHOD path". */
    public List<String> requests() {
        return requests;
    }

    /** Answer every request with this status (0: behave normally). */
    public void forceStatus(int status) {
        forcedStatus = status;
    }

    /**
     * Answer every request with this status, content type and body, as something in front of a registry would (a
     * proxy's HTML 404); null: behave normally.
     */
    public void forceRawAnswer(Integer status, String contentType, String body) {
        forcedRaw = status == null ? null : new RawAnswer(status, contentType, body);
    }

    /** Holds every request from now on, once received, until {@link #release()}: a registry slow to answer. */
    public void hold() {
        held = new CountDownLatch(1);
    }

    /** Answers the held requests, and the following ones at once. */
    public void release() {
        CountDownLatch latch = held;
        held = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Registers a schema directly (as CI would), returning its id. */
    public synchronized int preRegister(String subject, String schema) {
        int id = idBySchema.computeIfAbsent(schema, s -> {
            int next = nextId.getAndIncrement();
            schemaById.put(next, s);
            return next;
        });
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new CopyOnWriteArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            requests.add(method + " " + path);
            if (!awaitRelease()) {
                return;
            }
            RawAnswer raw = forcedRaw;
            if (raw != null) {
                byte[] bytes = raw.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", raw.contentType());
                exchange.sendResponseHeaders(raw.status(), bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
            if (forcedStatus != 0) {
                send(exchange, forcedStatus, Map.of("error_code", forcedStatus * 100, "message", "forced"));
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String[] parts = path.substring(1).split("/");
            if (method.equals("GET") && path.equals("/subjects")) {
                send(exchange, 200, new ArrayList<>(versionsBySubject.keySet()));
            } else if (method.equals("POST") && parts.length == 3 && parts[0].equals("subjects") && parts[2].equals("versions")) {
                String schema = JSON.readTree(body).path("schema").asString();
                send(exchange, 200, Map.of("id", preRegister(decode(parts[1]), schema)));
            } else if (method.equals("POST") && parts.length == 2 && parts[0].equals("subjects")) {
                String subject = decode(parts[1]);
                String schema = JSON.readTree(body).path("schema").asString();
                List<Integer> versions = versionsBySubject.get(subject);
                Integer id = idBySchema.get(schema);
                if (versions == null) {
                    send(exchange, 404, Map.of("error_code", 40401, "message", "Subject '" + subject + "' not found."));
                } else if (id == null || !versions.contains(id)) {
                    send(exchange, 404, Map.of("error_code", 40403, "message", "Schema not found"));
                } else {
                    send(exchange, 200, Map.of("subject", subject, "id", id, "version", versions.indexOf(id) + 1,
                            "schema", schema));
                }
            } else if (method.equals("GET") && parts.length == 4 && parts[0].equals("subjects") && parts[3].equals("latest")) {
                String subject = decode(parts[1]);
                List<Integer> versions = versionsBySubject.get(subject);
                if (versions == null || versions.isEmpty()) {
                    send(exchange, 404, Map.of("error_code", 40401, "message", "Subject '" + subject + "' not found."));
                } else {
                    int id = versions.get(versions.size() - 1);
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("subject", subject);
                    answer.put("version", versions.size());
                    answer.put("id", id);
                    answer.put("schema", schemaById.get(id));
                    send(exchange, 200, answer);
                }
            } else if (method.equals("GET") && parts.length == 3 && parts[0].equals("schemas") && parts[1].equals("ids")) {
                String schema = schemaById.get(Integer.parseInt(parts[2]));
                if (schema == null) {
                    send(exchange, 404, Map.of("error_code", 40403, "message", "Schema " + parts[2] + " not found"));
                } else {
                    send(exchange, 200, Map.of("schema", schema));
                }
            } else {
                send(exchange, 404, Map.of("error_code", 404, "message", "HTTP 404 Not Found"));
            }
        }
    }

    /** False when a held request was never released: it gets no answer. */
    private boolean awaitRelease() {
        CountDownLatch latch = held;
        try {
            return latch == null || latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
