package io.streamgate.trips;

import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.platform.avro.SchemaRegistryRequestException;
import io.streamgate.platform.avro.SchemaRegistryUnavailableException;
import org.apache.avro.Schema;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A schema registry in memory for {@code TopologyTestDriver} tests that go through the platform's real Avro serde
 * (wire format, schema ids, per-serde caches), and that can fail a call as an unreachable registry does. Each serde
 * made on it caches what it resolved, as in production: a serde that has not used a schema yet is cold and asks.
 * Calls are named {@code register <subject>} and {@code schema <id>}.
 */
final class InMemoryRegistry extends SchemaRegistryClient {

    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final List<String> failOnce = new CopyOnWriteArrayList<>();
    private final List<String> failed = new CopyOnWriteArrayList<>();

    InMemoryRegistry() {
        super("http://registry.invalid", Duration.ofMillis(1), Duration.ofMillis(1));
    }

    /** The next call whose name starts with {@code call} fails as if the registry could not be reached. */
    void failOnce(String call) {
        failOnce.add(call);
    }

    /** The calls that failed, in order. */
    List<String> failed() {
        return failed;
    }

    int idOf(String subject, Schema schema) {
        return ids.get(subject + " " + schema);
    }

    @Override
    public int register(String subject, Schema schema) {
        answer("register " + subject);
        return ids.computeIfAbsent(subject + " " + schema, key -> {
            int id = nextId.getAndIncrement();
            schemas.put(id, schema);
            return id;
        });
    }

    @Override
    public int lookup(String subject, Schema schema) {
        answer("register " + subject);
        Integer id = ids.get(subject + " " + schema);
        if (id == null) {
            throw new SchemaRegistryRequestException.SubjectNotFound(subject, "not registered", 404, 40403);
        }
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        answer("schema " + id);
        Schema schema = schemas.get(id);
        if (schema == null) {
            throw new SchemaRegistryRequestException.SubjectNotFound(null, "Schema " + id + " not found", 404, 40403);
        }
        return schema;
    }

    @Override
    public void ping(Duration timeout) {
        answer("ping");
    }

    private void answer(String call) {
        for (String failing : failOnce) {
            if (call.startsWith(failing) && failOnce.remove(failing)) {
                failed.add(call);
                throw new SchemaRegistryUnavailableException("Schema Registry unreachable (" + call + ")", null);
            }
        }
    }
}
