package io.streamgate.platform.outbox.internal;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writer schemas of outbox rows, in {@code outbox_schemas}, by their Avro fingerprint (the one single-object
 * encoding puts before each datum). A build adds the schemas it writes at start-up, before its first append (or, if
 * that failed, in the transaction of its first append), so the schema of every row is there before the row can be
 * read; a relay looks up the fingerprints it does not know, once each (a schema never changes under its
 * fingerprint).
 *
 * <p>Why a table rather than the contracts' history in the jar: in a rolling deployment the older build relays rows
 * of the newer one too, and no jar holds the schemas of a later build. Why not the registry: appends would then need
 * the registry inside the feature's transaction, which the outbox exists to avoid.
 */
final class OutboxSchemas implements SchemaStore {

    private final JdbcTemplate jdbc;
    private final ConcurrentHashMap<Long, Schema> known = new ConcurrentHashMap<>();

    OutboxSchemas(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /**
     * The schema stored under {@code fingerprint}, or null when there is none (a payload that no build wrote). A
     * database failure is thrown as Spring's {@code DataAccessException}: it says nothing about the row.
     */
    @Override
    public Schema findByFingerprint(long fingerprint) {
        Schema schema = known.get(fingerprint);
        if (schema != null) {
            return schema;
        }
        List<String> found = jdbc.queryForList("SELECT schema FROM outbox_schemas WHERE fingerprint = ?",
                String.class, fingerprint);
        if (found.isEmpty()) {
            return null;
        }
        schema = new Schema.Parser().parse(found.getFirst());
        known.put(fingerprint, schema);
        return schema;
    }

    /**
     * Stores {@code schemas} unless present: in the caller's transaction when one is active on the DataSource (they
     * commit with the row that needs them), else each at once.
     */
    void register(Collection<Schema> schemas) {
        List<Object[]> rows = new ArrayList<>(schemas.size());
        for (Schema schema : schemas) {
            rows.add(new Object[] {fingerprint(schema), schema.toString()});
        }
        jdbc.batchUpdate("INSERT INTO outbox_schemas (fingerprint, schema) VALUES (?, ?) ON CONFLICT DO NOTHING", rows);
    }
}
