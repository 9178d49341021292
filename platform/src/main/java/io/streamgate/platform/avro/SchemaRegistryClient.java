package io.streamgate.platform.avro;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;


/**
 * A small, caching client for the Confluent Schema Registry REST API (Confluent, Apicurio's {@code /apis/ccompat/v7},
 * Karapace, Redpanda).
 * <p>
 * Ids are immutable, so id-by-(subject, schema) and schema-by-id are cached forever: once warm, a registry outage does
 * not affect serialization or deserialization. The subject's latest version is never cached here (it changes); callers
 * that want it pinned (the serializer in {@link SchemaRegistryMode#USE_LATEST}) keep it themselves.
 * <p>
 * Failures are typed: unreachable, timed out or 5xx → {@link SchemaRegistryUnavailableException}; 409 →
 * {@link IncompatibleSchemaException}; 404 with the registry's own not-found error code (40401 subject, 40402 version,
 * 40403 schema) → {@link SchemaRegistryRequestException.SubjectNotFound}; other 4xx →
 * {@link SchemaRegistryRequestException}. A 404 without such a code (an HTML page, a gateway's own JSON, no body) is
 * not the registry's answer but something in front of it (a proxy or ingress without the route, a wrong base path):
 * {@link SchemaRegistryUnavailableException}, so a consumer retries rather than dead-letters good records. Thread-safe.
 */
public class SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The Confluent API's own not-found codes: subject, version, schema (Apicurio's ccompat API answers the same). */
    private static final Set<Integer> NOT_FOUND_CODES = Set.of(40401, 40402, 40403);

    private record SubjectSchema(String subject, String schema) {
    }

    private final String baseUrl;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final Map<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

    public SchemaRegistryClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    public SchemaRegistryClient(String baseUrl, Duration connectTimeout, Duration requestTimeout) {
        this(baseUrl, connectTimeout, requestTimeout, null);
    }

    /**
     * @param tls the TLS context of {@code https} registry URLs (the CA to trust, a client certificate if the registry
     *            asks for one); null: the JDK's default, which trusts the public CAs of its trust store
     */
    public SchemaRegistryClient(String baseUrl, Duration connectTimeout, Duration requestTimeout, SSLContext tls) {
        Objects.requireNonNull(baseUrl, "Schema Registry url (streamgate.schema-registry.url) is not set");
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.requestTimeout = requestTimeout;
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder
                .connectTimeout(connectTimeout)
                // Plain HTTP/1.1: no h2c upgrade dance with registries that do not speak it.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}); returns its id. */
    public int register(String subject, Schema schema)
            throws SchemaRegistryUnavailableException, SchemaRegistryRequestException {
        return idOf(subject, schema, "/subjects/" + encode(subject) + "/versions");
    }

    /** Looks up the id of {@code schema} under {@code subject} without registering ({@code POST /subjects/{subject}}). */
    public int lookup(String subject, Schema schema)
            throws SchemaRegistryUnavailableException, SchemaRegistryRequestException {
        return idOf(subject, schema, "/subjects/" + encode(subject));
    }

    /** Both calls answer {@code {"id": N}} for a schema posted to {@code path}; ids never change, so they are cached. */
    private int idOf(String subject, Schema schema, String path) {
        String text = schema.toString();
        SubjectSchema key = new SubjectSchema(subject, text);
        Integer cached = idBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode body = send(subject, "POST", path, schemaBody(text));
        int id = requireId(body, subject);
        idBySubjectSchema.putIfAbsent(key, id);
        schemaById.putIfAbsent(id, schema);
        return id;
    }

    /** The subject's latest version ({@code GET /subjects/{subject}/versions/latest}); always asks the registry. */
    public RegisteredSchema latest(String subject)
            throws SchemaRegistryUnavailableException, SchemaRegistryRequestException {
        JsonNode body = send(subject, "GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        int id = requireId(body, subject);
        Schema schema = schemaById.get(id);
        if (schema == null) {
            schema = parse(body.path("schema").asString(null), "latest version of subject '" + subject + "'");
            schemaById.putIfAbsent(id, schema);
        }
        idBySubjectSchema.putIfAbsent(new SubjectSchema(subject, schema.toString()), id);
        return new RegisteredSchema(id, body.path("version").asInt(-1), schema);
    }

    /** The schema with this id ({@code GET /schemas/ids/{id}}), cached forever. */
    public Schema schemaById(int id)
            throws SchemaRegistryUnavailableException, SchemaRegistryRequestException {
        Schema cached = schemaById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode body = send(null, "GET", "/schemas/ids/" + id, null);
        Schema schema = parse(body.path("schema").asString(null), "schema id " + id);
        Schema previous = schemaById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    /**
     * Checks that the registry answers ({@code GET /subjects}); for health checks. Throws
     * {@link SchemaRegistryUnavailableException} or {@link SchemaRegistryRequestException}.
     */
    public void ping(Duration timeout)
            throws SchemaRegistryUnavailableException, SchemaRegistryRequestException {
        HttpRequest request = request("/subjects", "GET", null, timeout);
        exchange(null, request);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String schemaBody(String schemaText) {
        return JSON.writeValueAsString(Map.of("schema", schemaText));
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int requireId(JsonNode body, String subject) {
        JsonNode id = body.path("id");
        if (!id.isNumber()) {
            throw new SchemaRegistryRequestException(
                    "Schema Registry answer for subject '" + subject + "' carries no schema id: " + body, 200, 200);
        }
        return id.asInt();
    }

    private static Schema parse(String text, String what) {
        if (text == null) {
            throw new SchemaRegistryRequestException("Schema Registry answer for " + what + " carries no schema", 200, 200);
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryRequestException(
                    "Schema Registry returned an unparseable Avro schema for " + what + ": " + e.getMessage(), 200, 200);
        }
    }

    private HttpRequest request(String path, String method, String body, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", ACCEPT);
        if (body != null) {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    private JsonNode send(String subject, String method, String path, String body) {
        return exchange(subject, request(path, method, body, requestTimeout));
    }

    private JsonNode exchange(String subject, HttpRequest request) {
        String what = request.method() + " " + request.uri();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryUnavailableException("Schema Registry unreachable (" + what + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("Interrupted while calling the Schema Registry (" + what + ")", e);
        }
        int status = response.statusCode();
        JsonNode json = readJson(response.body());
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw new SchemaRegistryUnavailableException(
                        "Schema Registry answered " + status + " with a body that is not JSON (" + what + ")", null);
            }
            return json;
        }
        int errorCode = json != null && json.path("error_code").isNumber() ? json.path("error_code").asInt() : status;
        String message = json != null ? json.path("message").asString(response.body()) : response.body();
        String detail = "Schema Registry answered " + status + " (error_code " + errorCode + ") to " + what + ": " + message;
        if (status >= 500 || status == 408 || status == 429) {
            throw new SchemaRegistryUnavailableException(detail, null);
        }
        if (status == 409) {
            throw new IncompatibleSchemaException(subject,
                    "Schema is incompatible with the subject '" + subject + "' under its compatibility rules. " + detail);
        }
        if (status == 404 && !NOT_FOUND_CODES.contains(errorCode)) {
            throw new SchemaRegistryUnavailableException(detail + " (a 404 without the registry's not-found error code "
                    + "40401, 40402 or 40403 is not the registry's own answer: something in front of it, or a wrong url)",
                    null);
        }
        if (status == 404) {
            throw new SchemaRegistryRequestException.SubjectNotFound(subject,
                    (subject != null ? "Subject '" + subject + "' or its schema not found. " : "Not found. ") + detail,
                    status, errorCode);
        }
        throw new SchemaRegistryRequestException(detail, status, errorCode);
    }

    private static JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }
}
