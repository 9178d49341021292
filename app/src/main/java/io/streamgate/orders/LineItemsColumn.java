package io.streamgate.orders;

import org.postgresql.util.PGobject;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code orders.items} column: an order's line items as one JSONB array of
 * {@code {"sku", "quantity", "unit_price"}} in line order (migration {@code V2__items_in_the_order_row.sql}).
 *
 * <p>The unit price is a JSON string with exactly two decimals ({@code "12.50"}), the text of the contract's
 * {@code decimal(14,2)}, and is read back with {@code new BigDecimal(String)}: no step goes through a double, and the
 * scale that comes back is the scale that the former {@code numeric(14,2)} column gave. Reading is strict: an element
 * of another shape is a corrupt row and fails loudly instead of being coerced.
 *
 * <p>The column's format is a storage contract, so it has its own mapper, independent of how the HTTP layer's
 * mapper is configured.
 */
final class LineItemsColumn {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LineItemsColumn() {
    }

    /** The items as a {@code jsonb} parameter: sent typed, so Postgres parses it as jsonb without a cast from text. */
    static PGobject parameter(List<LineItem> items) {
        PGobject jsonb = new PGobject();
        jsonb.setType("jsonb");
        try {
            jsonb.setValue(write(items));
        } catch (SQLException impossible) {
            // PGobject.setValue declares it but never throws it.
            throw new IllegalStateException(impossible);
        }
        return jsonb;
    }

    static String write(List<LineItem> items) {
        StringWriter text = new StringWriter(32 + items.size() * 64);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartArray();
            for (LineItem item : items) {
                json.writeStartObject();
                json.writeStringProperty("sku", item.sku());
                json.writeNumberProperty("quantity", item.quantity());
                // UNNECESSARY: validation admits at most two decimals, so this only pads ("12.5" → "12.50"); a price
                // with more is a bug upstream and fails here rather than being rounded into the row.
                json.writeStringProperty("unit_price",
                        item.unitPrice().setScale(2, RoundingMode.UNNECESSARY).toPlainString());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        return text.toString();
    }

    /** The items stored in {@code text} (the column's value as Postgres prints it). */
    static List<LineItem> read(String text) {
        JsonNode array = JSON.readTree(text);
        if (!array.isArray() || array.isEmpty()) {
            throw new IllegalStateException("orders.items is not a non-empty array: " + text);
        }
        List<LineItem> items = new ArrayList<>(array.size());
        for (JsonNode item : array.values()) {
            items.add(new LineItem(item.required("sku").stringValue(), item.required("quantity").intValue(),
                    new BigDecimal(item.required("unit_price").stringValue())));
        }
        return items;
    }
}
