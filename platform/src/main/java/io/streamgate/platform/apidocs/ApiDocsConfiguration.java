package io.streamgate.platform.apidocs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OpenAPI document's head (the service's name, build version and description) and the one shape every error
 * answer has: each 4xx and 5xx a route documents without content of its own is documented as
 * {@code application/problem+json} with the {@code Problem} schema, so a generated client has a type for errors too.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
@EnableConfigurationProperties(ApiDocsSettings.class)
public class ApiDocsConfiguration {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM = "Problem";
    private static final String SERVER_RESPONSE_REF = "#/components/schemas/ServerResponse";

    @Bean
    OpenAPI streamgateOpenApi(ApiDocsSettings settings, ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties != null && properties.getVersion() != null ? properties.getVersion() : "unknown";
        return new OpenAPI().info(new Info().title(settings.title()).version(version)
                .description(settings.description()));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getComponents().addSchemas("FieldViolation", new ObjectSchema()
                    .description("One invalid value: the JSON path of the field and what is wrong with it")
                    .addProperty("field", new StringSchema()).addProperty("message", new StringSchema()));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                if (operation.getResponses() == null) {
                    return;
                }
                operation.getResponses().forEach((code, response) -> {
                    if ((code.startsWith("4") || code.startsWith("5")) && withoutOwnContent(response)) {
                        response.setContent(problemContent());
                    }
                });
            }));
            // Only the guesses replaced above referred to it.
            if (openApi.getComponents().getSchemas() != null) {
                openApi.getComponents().getSchemas().remove("ServerResponse");
            }
        };
    }

    /**
     * Error answers of annotated routes are problem+json unless their {@code @ApiResponse} documents a content of its
     * own (as {@code /health}'s 503 does): springdoc would otherwise describe them with the route's {@code produces}
     * type and its return type's schema, the answer a success has.
     */
    @Bean
    OperationCustomizer problemErrorResponses() {
        return (operation, handler) -> {
            if (operation.getResponses() == null) {
                return operation;
            }
            Set<String> documented = Arrays.stream(handler.getMethod().getAnnotationsByType(
                            io.swagger.v3.oas.annotations.responses.ApiResponse.class))
                    .filter(response -> response.content().length > 0)
                    .map(io.swagger.v3.oas.annotations.responses.ApiResponse::responseCode)
                    .collect(Collectors.toSet());
            operation.getResponses().forEach((code, response) -> {
                if ((code.startsWith("4") || code.startsWith("5")) && !documented.contains(code)) {
                    response.setContent(problemContent());
                }
            });
            return operation;
        };
    }

    private static Content problemContent() {
        return new Content().addMediaType(PROBLEM_JSON, new MediaType()
                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }

    /**
     * No content, or only what springdoc guessed: {@code *}{@code /*} from a controller method's return type, or the
     * {@code ServerResponse} a functional endpoint returns (which says nothing about the body).
     */
    private static boolean withoutOwnContent(ApiResponse response) {
        Content content = response.getContent();
        return content == null || content.entrySet().stream().allMatch(type -> type.getKey().equals("*/*")
                || type.getValue().getSchema() != null
                && SERVER_RESPONSE_REF.equals(type.getValue().getSchema().get$ref()));
    }

    /** As {@code ProblemWebExceptionHandler} writes it; problem-specific members (e.g. limit_bytes) may follow. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        Schema problem = new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("urn:streamgate:problem:invalid-request"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().description("the request path"))
                .addProperty("request_id", new StringSchema())
                .addProperty("errors", new ArraySchema().items(new Schema<>()
                        .$ref("#/components/schemas/FieldViolation")).description("for 422: each invalid value"));
        problem.setRequired(List.of("type", "title", "status"));
        problem.setAdditionalProperties(Boolean.TRUE);
        return problem;
    }
}
