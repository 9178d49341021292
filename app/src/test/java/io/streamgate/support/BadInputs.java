package io.streamgate.support;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random mutations of a valid request: of its JSON body (wrong types, nesting, huge and tiny numbers, unicode,
 * duplicate keys, truncation, nulls, extra and missing fields, bytes that are not UTF-8), of its headers and of its
 * query string. Seeded, so a failing input is reproduced from the seed a test prints. Each mutation says what it did,
 * for the failure message.
 */
public final class BadInputs {

    /** One request to send: what was done to the valid one, the query string, the headers and the body. */
    public record Input(String description, String query, Map<String, String> headers, byte[] body) {
    }

    /** Reads the generator's own numbers, some far longer than the server accepts. */
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(100_000).build()).build()).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "2.5", "0.001", "1e20", "1E+2", "-1e-400", "1e309",
            "123456789012345678901234567890", "9223372036854775808", "2147483648", "-2147483649", "0.1e1",
            "99999999999999.999", "1" + "0".repeat(1500), "0." + "0".repeat(500) + "1"};
    private static final String[] RAW_NOT_JSON = {"NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.", "0x10",
            "'single'", "undefined", "tru", "nul", "True", "None", "1_000"};
    private static final String[] STRINGS = {"", " ", "\t\n", "a", "USD", "usd", "ORDER-1", "CUST 1", "x".repeat(200),
            "x".repeat(5_000), "é", "日本語", "🙂", "\u0000", "\u001f", "\u202e", "\u200b", "e\u0301", "\uffff",
            "\\", "\"", "<script>", "' OR 1=1 --", "${jndi:ldap://x}", "../../etc/passwd", "%00", "null", "true", "12",
            "2026-11-23T10:00:00", "2026-11-23T10:00:00Z", "2026-02-30T10:00:00Z", "9999-12-31T23:59:59Z",
            "-1000000000-01-01T00:00Z"};
    private static final String[] ESCAPED_STRINGS = {"\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\"", "\"a\\u0301\"",
            "\"\\ud83d\\ude42\"", "\"\\x41\"", "\"\\uZZZZ\""};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json",
            "application/json; charset=utf-8", "application/json;charset=UTF-16", "application/json; charset=latin1",
            "text/plain", "application/x-www-form-urlencoded", "application/problem+json", "application/*", "*/*",
            "a/b/c", "", "multipart/form-data; boundary=x", "application/json; charset=\"", null};
    private static final String[] ACCEPTS = {null, null, "*/*", "application/json", "text/html", "application/xml",
            "application/problem+json", "", ",,,", "image/*;q=0"};
    private static final String[] REQUEST_IDS = {null, null, "trace-1", "x".repeat(500), "with space", "é-latin1", "",
            "a\"b", "../x", "-"};

    private final Random random;
    private final JsonNode valid;
    private final Map<String, String> baseHeaders;

    public BadInputs(long seed, String validBody, Map<String, String> baseHeaders) {
        this.random = new Random(seed);
        this.valid = validBody == null ? null : JSON.readTree(validBody);
        this.baseHeaders = Map.copyOf(baseHeaders);
    }

    /** The next input; {@code queryStrings} mutates the query string more often (for GET routes). */
    public Input next(boolean queryStrings) {
        List<String> what = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>(baseHeaders);
        if (valid != null) {
            headers.put("Content-Type", "application/json");
        }
        byte[] body = valid == null ? new byte[0] : body(what);
        String query = "";
        if (random.nextInt(queryStrings ? 1 : 8) == 0) {
            query = query();
            what.add("query " + abbreviate(query));
        }
        if (random.nextInt(4) == 0) {
            mutateHeaders(headers, what, valid != null);
        }
        return new Input(String.join("; ", what), query, headers, body);
    }

    private byte[] body(List<String> what) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            String text = serialize(valid);
            int cut = random.nextInt(text.length());
            what.add("truncated at " + cut);
            return text.substring(0, cut).getBytes(StandardCharsets.UTF_8);
        }
        if (kind == 1) {
            what.add("bytes changed");
            return changeBytes(serialize(valid).getBytes(StandardCharsets.UTF_8));
        }
        if (kind == 2) {
            String raw = pick(RAW_NOT_JSON);
            what.add("a value replaced by the token " + raw);
            return replaceFirstValue(serialize(valid), raw);
        }
        if (kind == 3) {
            String escaped = pick(ESCAPED_STRINGS);
            what.add("a value replaced by the string " + escaped);
            return replaceFirstValue(serialize(valid), escaped);
        }
        if (kind == 4) {
            what.add("duplicate key");
            return duplicateKey(serialize(valid));
        }
        if (kind == 5) {
            JsonNode other = randomValue(3);
            what.add("whole body " + abbreviate(serialize(other)));
            return serialize(other).getBytes(StandardCharsets.UTF_8);
        }
        if (kind == 6) {
            int depth = 50 + random.nextInt(3_000);
            what.add("nested " + depth + " deep");
            return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
        }
        if (kind == 7) {
            what.add("trailing content");
            return (serialize(valid) + pick(new String[] {" x", " {}", ",", "\u0000", " " + serialize(valid)}))
                    .getBytes(StandardCharsets.UTF_8);
        }
        JsonNode tree = valid.deepCopy();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            tree = mutateTree(tree, what);
        }
        return serialize(tree).getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode mutateTree(JsonNode tree, List<String> what) {
        List<Slot> slots = new ArrayList<>();
        collect(tree, "$", slots);
        if (slots.isEmpty()) {
            return tree;
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        switch (random.nextInt(7)) {
            case 0 -> {
                JsonNode value = randomValue(2);
                what.add(slot.path + " = " + abbreviate(serialize(value)));
                slot.set(value);
            }
            case 1 -> {
                what.add(slot.path + " = null");
                slot.set(NODES.nullNode());
            }
            case 2 -> {
                what.add(slot.path + " removed");
                slot.remove();
            }
            case 3 -> {
                what.add(slot.path + " wrapped in an array");
                ArrayNode array = NODES.arrayNode();
                array.add(slot.get());
                slot.set(array);
            }
            case 4 -> {
                String number = pick(NUMBERS);
                what.add(slot.path + " = " + abbreviate(number));
                slot.set(JSON.readTree(number));
            }
            case 5 -> {
                String text = pick(STRINGS);
                what.add(slot.path + " = \"" + abbreviate(text) + "\"");
                slot.set(NODES.stringNode(text));
            }
            default -> {
                if (slot.parent instanceof ObjectNode object) {
                    String name = pick(new String[] {"extra", "id", "status", "total", "Amount", "amount ", "", "é",
                            "__proto__", "request_id", "version"});
                    what.add(slot.path + " beside a new field '" + name + "'");
                    object.set(name, randomValue(1));
                } else {
                    what.add(slot.path + " = {}");
                    slot.set(NODES.objectNode());
                }
            }
        }
        return tree;
    }

    /** A place in the tree whose value can be replaced or removed. */
    private record Slot(String path, JsonNode parent, String field, int index) {

        JsonNode get() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) parent).set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (field != null) {
                ((ObjectNode) parent).remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static void collect(JsonNode node, String path, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            for (String name : object.propertyNames()) {
                slots.add(new Slot(path + "." + name, object, name, -1));
                collect(object.get(name), path + "." + name, slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(path + "[" + i + "]", array, null, i));
                collect(array.get(i), path + "[" + i + "]", slots);
            }
        }
    }

    private JsonNode randomValue(int depth) {
        int kind = random.nextInt(depth > 0 ? 7 : 5);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> JSON.readTree(pick(NUMBERS));
            case 3 -> NODES.stringNode(pick(STRINGS));
            case 4 -> NODES.numberNode(random.nextLong());
            case 5 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(pick(STRINGS), randomValue(depth - 1));
                }
                yield object;
            }
        };
    }

    private byte[] replaceFirstValue(String text, String replacement) {
        // The value after a random colon: up to the next comma or closing brace at the same level is close enough.
        List<Integer> colons = new ArrayList<>();
        for (int i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
            colons.add(i);
        }
        if (colons.isEmpty()) {
            return replacement.getBytes(StandardCharsets.UTF_8);
        }
        int colon = colons.get(random.nextInt(colons.size()));
        int end = colon + 1;
        boolean quoted = false;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (c == '"' && text.charAt(end - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && (c == ',' || c == '}' || c == ']')) {
                break;
            }
            end++;
        }
        return (text.substring(0, colon + 1) + replacement + text.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] duplicateKey(String text) {
        int colon = text.indexOf(':');
        int start = text.lastIndexOf('"', text.lastIndexOf('"', colon) - 1);
        if (colon < 0 || start < 0) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        String key = text.substring(start, colon);
        return (text.substring(0, colon) + ": 1, " + key + text.substring(colon)).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] changeBytes(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = random.nextInt(bytes.length);
        out.write(bytes, 0, at);
        byte[] strange = {(byte) 0xff, (byte) 0xc3, (byte) 0x80, (byte) 0xed, (byte) 0xa0, (byte) 0x80, 0, '"', '{',
                ']', '\\'};
        switch (random.nextInt(3)) {
            case 0 -> out.write(strange[random.nextInt(strange.length)]);
            case 1 -> {
                out.write(strange[random.nextInt(strange.length)]);
                at++;
            }
            default -> at++;
        }
        if (at < bytes.length) {
            out.write(bytes, at, bytes.length - at);
        }
        return out.toByteArray();
    }

    private String query() {
        StringBuilder query = new StringBuilder("?");
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            if (query.length() > 1) {
                query.append('&');
            }
            query.append(pick(new String[] {"orderId", "topic", "limit", "after", "cursor", "status", "x", "limit",
                    "", "%zz", "a%00b"}));
            if (random.nextInt(5) > 0) {
                query.append('=').append(pick(new String[] {"", "0", "-1", "1", "101", "10001", "abc", "1.5", "1e3",
                        "99999999999999999999", "order-events", "payments", "ORDER-1", "%zz", "%", "%C3%A9",
                        "%F0%9F%99%82", "%ED%A0%80", "new", "CREATED", "lost", "%20", "x".repeat(1_000),
                        "%00", "a+b", "<>", "'", "\"", "..%2F"}));
            }
        }
        return query.toString();
    }

    private void mutateHeaders(Map<String, String> headers, List<String> what, boolean hasBody) {
        switch (random.nextInt(5)) {
            case 0 -> {
                String type = pick(CONTENT_TYPES);
                what.add("Content-Type " + type);
                if (type == null) {
                    headers.remove("Content-Type");
                } else {
                    headers.put("Content-Type", type);
                }
            }
            case 1 -> {
                String accept = pick(ACCEPTS);
                what.add("Accept " + accept);
                if (accept != null) {
                    headers.put("Accept", accept);
                }
            }
            case 2 -> {
                String id = pick(REQUEST_IDS);
                what.add("X-Request-ID " + abbreviate(String.valueOf(id)));
                if (id != null) {
                    headers.put("X-Request-ID", id);
                }
            }
            case 3 -> {
                String key = pick(new String[] {"", "k", "x".repeat(300), "with space", "é",
                        "key-" + random.nextLong()});
                what.add("Idempotency-Key " + abbreviate(key));
                headers.put("Idempotency-Key", key);
            }
            default -> {
                String name = pick(new String[] {"X-API-Key", "If-Match", "Prefer", "Origin", "X-Custom", "Expect",
                        "Content-Encoding", "Transfer-Encoding-Bogus"});
                String value = pick(new String[] {"", "x", "\"1\"", "*", "W/\"2\"", "respond-async",
                        "https://evil.example", "gzip", "100-continue-no", "é"});
                if (name.equals("Prefer") || (name.equals("Content-Encoding") && hasBody) || name.equals("Expect")) {
                    // Asynchronous delivery and encoded bodies change what a 2xx writes, not what is refused.
                    value = "x";
                }
                what.add(name + " " + value);
                headers.put(name, value);
            }
        }
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String serialize(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
