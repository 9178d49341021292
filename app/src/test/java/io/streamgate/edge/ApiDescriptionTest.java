package io.streamgate.edge;

import io.streamgate.support.Bodies;
import io.streamgate.support.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document is complete enough for a generated client to have real types: it names the service and its
 * build's version, every route that takes a body says which, and every answer a route documents has a typed schema
 * (a named component, an array of one, or a scalar), never a bare object; errors are problem+json.
 */
class ApiDescriptionTest extends EndToEndTest {

    private static final Set<String> WITH_BODY = Set.of("post", "put", "patch");
    /** Routes that take no body on purpose (the method says it: state changes named by the path). */
    private static final Set<String> BODILESS_POSTS = Set.of();
    /** Error answers that are not problems: the documents' health body reports a dependency down with a 503. */
    private static final Set<String> NOT_PROBLEMS = Set.of("GET /health 503");
    /** Schemas that say nothing about what is in them. */
    private static final Set<String> GENERIC = Set.of("JsonNode", "ObjectNode", "Object");

    @Autowired
    BuildProperties build;

    private Map<String, Object> document;
    private Map<String, Object> schemas;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void fetchDocument() {
        document = http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
        schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldNameTheServiceItsBuildVersionAndWhatItDoes() {
        Map<String, Object> info = (Map<String, Object>) document.get("info");

        assertThat(info.get("title")).isEqualTo("Streamgate");
        assertThat(info.get("version")).isEqualTo(build.getVersion()).isNotEqualTo("v0");
        assertThat((String) info.get("description")).contains("Kafka");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldDocumentTheBatchRoutesBodiesAsArraysOfTheirItems() {
        assertThat(requestSchema("/payments/batch")).isEqualTo(Map.of("type", "array",
                "items", Map.of("$ref", "#/components/schemas/PaymentRequest")));
        assertThat(requestSchema("/trips/requested/batch")).isEqualTo(Map.of("type", "array",
                "items", Map.of("$ref", "#/components/schemas/TripRequestedRequest")));
        assertThat(requestSchema("/trips/driver-assigned/batch")).isEqualTo(Map.of("type", "array",
                "items", Map.of("$ref", "#/components/schemas/DriverAssignedRequest")));
        assertThat(requestSchema("/trips/completed/batch")).isEqualTo(Map.of("type", "array",
                "items", Map.of("$ref", "#/components/schemas/TripCompletedRequest")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldDocumentTheIdempotencyKeyHeaderOfEveryPostThatHonoursIt() {
        for (String path : List.of("/payments", "/payments/batch", "/orders", "/create-order")) {
            Map<String, Object> post = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) document
                    .get("paths")).get(path)).get("post");
            List<Map<String, Object>> parameters = (List<Map<String, Object>>) post.get("parameters");

            assertThat(parameters).as(path).anySatisfy(parameter -> assertThat(parameter)
                    .containsEntry("name", "Idempotency-Key").containsEntry("in", "header")
                    .doesNotContainEntry("required", true)
                    .containsEntry("schema", Map.of("type", "string")));
        }
    }

    @Test
    void shouldKeepTypesWithTheSameSimpleNameApart() {
        // springdoc names a schema after the class's simple name: two classes of one name would share (and one
        // would misdescribe) a schema. Each batch answer has its own item shape, and so does each system's Item.
        assertThat(properties(responseItems("/payments/batch"))).contains("payment_id").doesNotContain("topic");
        assertThat(properties(responseItems("/trips/requested/batch"))).contains("id", "topic")
                .doesNotContain("payment_id");
        assertThat(properties(itemsOf("OrderDetails"))).contains("unitPrice");
        assertThat(properties(itemsOf("OrderRequest"))).contains("unit_price");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldGiveEveryOperationAnIdOfItsOwn() {
        // springdoc makes a clash unique by a suffix ("create_1"), which then depends on the order it found the
        // handlers in, so a generated client's method names could change with no change to the API.
        List<String> ids = new ArrayList<>();
        ((Map<String, Object>) document.get("paths")).values().forEach(item -> ((Map<String, Object>) item).values()
                .forEach(operation -> ids.add((String) ((Map<String, Object>) operation).get("operationId"))));

        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates().noneMatch(id -> id.matches(".*_\\d+"));
        assertThat(ids).contains("create", "createOrder", "createBatch");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldGiveEveryRouteTypedRequestAndResponseSchemas() {
        List<String> gaps = new ArrayList<>();
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, value) -> {
            Map<String, Object> operation = (Map<String, Object>) value;
            String route = method.toUpperCase() + " " + path;
            Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
            if (body == null) {
                if (WITH_BODY.contains(method) && !BODILESS_POSTS.contains(route)) {
                    gaps.add(route + ": no request body");
                }
            } else {
                checkContent(route + " request", (Map<String, Object>) body.get("content"), gaps);
            }
            Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
            if (responses == null || responses.keySet().stream().noneMatch(code -> code.startsWith("2"))) {
                gaps.add(route + ": no success response");
                return;
            }
            responses.forEach((code, response) -> {
                Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) response).get("content");
                if (code.equals("204") || code.equals("304")) {
                    if (content != null) {
                        gaps.add(route + " " + code + ": content on a bodiless answer");
                    }
                    return;
                }
                if (!code.startsWith("2") && !code.startsWith("3") && !NOT_PROBLEMS.contains(route + " " + code)) {
                    if (content == null || !content.containsKey("application/problem+json")) {
                        gaps.add(route + " " + code + ": not documented as problem+json");
                        return;
                    }
                }
                checkContent(route + " " + code, content, gaps);
            });
        }));

        assertThat(gaps).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private void checkContent(String where, Map<String, Object> content, List<String> gaps) {
        if (content == null || content.isEmpty()) {
            gaps.add(where + ": no content");
            return;
        }
        content.forEach((mediaType, media) -> {
            Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) media).get("schema");
            if (!typed(schema)) {
                gaps.add(where + " " + mediaType + ": untyped schema " + schema);
            }
        });
    }

    /** A named component with properties, an array of typed items, or a scalar. */
    @SuppressWarnings("unchecked")
    private boolean typed(Map<String, Object> schema) {
        if (schema == null) {
            return false;
        }
        Object ref = schema.get("$ref");
        if (ref instanceof String name) {
            String component = name.substring(name.lastIndexOf('/') + 1);
            Map<String, Object> definition = (Map<String, Object>) schemas.get(component);
            return !GENERIC.contains(component) && definition != null && (definition.get("properties") != null || definition.get("enum") != null
                    || definition.get("allOf") != null || definition.get("oneOf") != null);
        }
        Object type = schema.get("type");
        if ("array".equals(type)) {
            return typed((Map<String, Object>) schema.get("items"));
        }
        if ("object".equals(type)) {
            return schema.get("properties") != null || schema.get("additionalProperties") instanceof Map<?, ?> values
                    && typed((Map<String, Object>) values);
        }
        return type != null;
    }

    /** The schema of the items in a batch route's 207 answer. */
    @SuppressWarnings("unchecked")
    private String responseItems(String path) {
        Map<String, Object> post = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) document
                .get("paths")).get(path)).get("post");
        Map<String, Object> answer = (Map<String, Object>) ((Map<String, Object>) post.get("responses")).get("207");
        Map<String, Object> content = (Map<String, Object>) answer.get("content");
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) content.values().iterator().next())
                .get("schema");
        Map<String, Object> result = component((String) schema.get("$ref"));
        Map<String, Object> results = (Map<String, Object>) ((Map<String, Object>) result.get("properties"))
                .get("results");
        return (String) ((Map<String, Object>) results.get("items")).get("$ref");
    }

    /** The schema of the elements of a component's {@code items} array. */
    @SuppressWarnings("unchecked")
    private String itemsOf(String componentName) {
        Map<String, Object> items = (Map<String, Object>) ((Map<String, Object>) schemas.get(componentName))
                .get("properties");
        return (String) ((Map<String, Object>) ((Map<String, Object>) items.get("items")).get("items")).get("$ref");
    }

    @SuppressWarnings("unchecked")
    private Set<String> properties(String ref) {
        return ((Map<String, Object>) component(ref).get("properties")).keySet();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> component(String ref) {
        return (Map<String, Object>) schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> requestSchema(String path) {
        Map<String, Object> post = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) document
                .get("paths")).get(path)).get("post");
        Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) post.get("requestBody"))
                .get("content");
        return (Map<String, Object>) ((Map<String, Object>) content.get("application/json")).get("schema");
    }
}
