package io.streamgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON of a saved plan ({@code terraform show -json}): the planned resources, and the configuration's references
 * followed through module inputs and outputs down to the resources they name. The references tell what the values
 * cannot in an offline plan, where every id is "known after apply": which security group a database is in, which
 * subnets the brokers use.
 */
final class TerraformPlan {

    /** One planned resource instance (or data source read). */
    record Resource(String address, String configAddress, String mode, String type, JsonNode after,
                    JsonNode afterUnknown) {

        /** Attribute or nested block attribute ({@code "encryption_info.encryption_in_transit.client_broker"}). */
        JsonNode at(String path) {
            JsonNode node = after;
            for (String name : path.split("\\.")) {
                node = node.isArray() ? node.path(0).path(name) : node.path(name);
            }
            return node;
        }

        boolean unknown(String path) {
            JsonNode node = afterUnknown;
            for (String name : path.split("\\.")) {
                node = node.isArray() ? node.path(0).path(name) : node.path(name);
            }
            return node.asBoolean(false);
        }
    }

    final JsonNode json;

    TerraformPlan(JsonNode json) {
        this.json = json;
        assertThat(json.path("errored").asBoolean()).as("plan errored").isFalse();
    }

    List<Resource> resources(String type) {
        return all().stream().filter(r -> r.type().equals(type) && r.mode().equals("managed")).toList();
    }

    /** The data sources of this type read at apply (they depend on values known then). */
    List<Resource> dataSources(String type) {
        return all().stream().filter(r -> r.type().equals(type) && r.mode().equals("data")).toList();
    }

    /** The single planned instance of a resource, by address (instance keys included). */
    Resource resource(String address) {
        return all().stream().filter(r -> r.address().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError("no planned " + address));
    }

    List<Resource> all() {
        List<Resource> resources = new ArrayList<>();
        for (JsonNode change : json.path("resource_changes")) {
            String address = change.path("address").asText();
            resources.add(new Resource(address, configAddress(address), change.path("mode").asText(),
                    change.path("type").asText(),
                    change.path("change").path("after"), change.path("change").path("after_unknown")));
        }
        return resources;
    }

    /** The output's planned value (a missing node when unknown). */
    JsonNode output(String name) {
        JsonNode output = json.path("output_changes").path(name);
        assertThat(output.isMissingNode()).as("output %s", name).isFalse();
        return output.path("after");
    }

    Set<String> outputs() {
        Set<String> names = new LinkedHashSet<>();
        json.path("output_changes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** What a root output's expression refers to, followed to the resources' attributes. */
    Set<String> outputReferences(String name) {
        JsonNode expression = json.path("configuration").path("root_module").path("outputs").path(name)
                .path("expression");
        return mostSpecific(resolve(List.of(), expression));
    }

    /**
     * The resource attributes an argument of a resource refers to, followed through module variables and outputs:
     * {@code references("module.database.aws_db_instance.this", "vpc_security_group_ids")} gives
     * {@code module.firewall.aws_security_group.database.id}. Nested blocks by dots
     * ({@code "network_configuration.subnets"}).
     */
    Set<String> references(String address, String argument) {
        String config = configAddress(address);
        JsonNode expression = configuration(address).path("expressions");
        for (String name : argument.split("\\.")) {
            expression = expression.isArray() ? expression.path(0).path(name) : expression.path(name);
        }
        assertThat(expression.isMissingNode()).as("%s has an argument %s", config, argument).isFalse();
        return mostSpecific(resolve(modulePath(config), expression));
    }

    /** The configuration of a resource (its block in {@code configuration}, with its arguments' expressions). */
    JsonNode configuration(String address) {
        String config = configAddress(address);
        String local = localAddress(config);
        return StreamSupport.stream(module(modulePath(config)).path("resources").spliterator(), false)
                .filter(r -> r.path("address").asText().equals(local)).findFirst()
                .orElseThrow(() -> new AssertionError("no configuration of " + config));
    }

    /** What an argument of a module call in the root module refers to, followed to the resources' attributes. */
    Set<String> moduleArgument(String call, String argument) {
        JsonNode expression = module(List.of()).path("module_calls").path(call).path("expressions").path(argument);
        assertThat(expression.isMissingNode()).as("module %s has an argument %s", call, argument).isFalse();
        return mostSpecific(resolve(List.of(), expression));
    }

    /** The resources (configuration addresses, no instance keys) an argument refers to. */
    Set<String> referencedResources(String address, String argument) {
        Set<String> resources = new LinkedHashSet<>();
        for (String reference : references(address, argument)) {
            resources.add(resourceOf(reference));
        }
        return resources;
    }

    /** {@code module.a.aws_x.y.attr} -> {@code module.a.aws_x.y}; other references (variables, locals) unchanged. */
    static String resourceOf(String reference) {
        List<String> parts = List.of(reference.split("\\."));
        int i = 0;
        while (i + 1 < parts.size() && parts.get(i).equals("module")) {
            i += 2;
        }
        int length = parts.get(i).equals("data") ? 3 : 2;
        if (parts.get(i).equals("var") || parts.get(i).equals("local")) {
            return reference;
        }
        return String.join(".", parts.subList(0, Math.min(parts.size(), i + length)));
    }

    static String configAddress(String address) {
        return address.replaceAll("\\[[^\\]]*\\]", "");
    }

    private static List<String> modulePath(String configAddress) {
        List<String> parts = List.of(configAddress.split("\\."));
        List<String> path = new ArrayList<>();
        int i = 0;
        while (parts.get(i).equals("module")) {
            path.add(parts.get(i + 1));
            i += 2;
        }
        return path;
    }

    private static String localAddress(String configAddress) {
        return configAddress.replaceAll("^(module\\.[^.]+\\.)+", "");
    }

    private JsonNode module(List<String> path) {
        JsonNode module = json.path("configuration").path("root_module");
        for (String call : path) {
            module = module.path("module_calls").path(call).path("module");
            assertThat(module.isMissingNode()).as("module %s", String.join(".", path)).isFalse();
        }
        return module;
    }

    private static String prefix(List<String> path) {
        StringBuilder prefix = new StringBuilder();
        path.forEach(call -> prefix.append("module.").append(call).append('.'));
        return prefix.toString();
    }

    private Set<String> resolve(List<String> path, JsonNode expression) {
        Set<String> resolved = new LinkedHashSet<>();
        for (JsonNode reference : expression.path("references")) {
            resolve(path, reference.asText(), resolved);
        }
        return resolved;
    }

    private void resolve(List<String> path, String reference, Set<String> resolved) {
        String[] parts = reference.replaceAll("\\[[^\\]]*\\]", "").split("\\.");
        switch (parts[0]) {
            case "var" -> {
                if (path.isEmpty()) {
                    resolved.add(reference);
                    return;
                }
                List<String> parent = path.subList(0, path.size() - 1);
                JsonNode argument = module(parent).path("module_calls").path(path.getLast()).path("expressions")
                        .path(parts[1]);
                if (argument.isMissingNode()) {
                    resolved.add(prefix(path) + "var." + parts[1] + " (default)");
                } else {
                    resolved.addAll(resolve(parent, argument));
                }
            }
            case "module" -> {
                if (parts.length < 3) {
                    return;
                }
                List<String> child = new ArrayList<>(path);
                child.add(parts[1]);
                resolved.addAll(resolve(child, module(child).path("outputs").path(parts[2]).path("expression")));
            }
            case "each", "count", "path", "terraform", "self" -> {
                // Not a resource or an input.
            }
            default -> resolved.add(prefix(path) + String.join(".", parts));
        }
    }

    /** Drops references that only name what a longer one in the set names too (a.b beside a.b.id). */
    private static Set<String> mostSpecific(Set<String> references) {
        Set<String> result = new LinkedHashSet<>();
        for (String reference : references) {
            if (references.stream().noneMatch(other -> other.startsWith(reference + "."))) {
                result.add(reference);
            }
        }
        return result;
    }
}
