package io.streamgate.orders;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 003's {@code /create-order} names only an id and a number of items; the server fills in a plausible order:
 * a customer, items drawn from a small catalogue with their prices, USD.
 */
final class SampleOrders {

    private record Product(String sku, BigDecimal price) {
    }

    private static final List<Product> CATALOGUE = List.of(
            new Product("BOOK-0001", new BigDecimal("12.99")),
            new Product("BOOK-0042", new BigDecimal("24.50")),
            new Product("MUG-0007", new BigDecimal("8.75")),
            new Product("TSHIRT-M-BLK", new BigDecimal("19.90")),
            new Product("TSHIRT-L-WHT", new BigDecimal("19.90")),
            new Product("HDPHN-200", new BigDecimal("89.00")),
            new Product("CABLE-USBC-1M", new BigDecimal("9.49")),
            new Product("KBD-MECH-US", new BigDecimal("129.00")),
            new Product("LAMP-DESK-LED", new BigDecimal("34.95")),
            new Product("PEN-GEL-10", new BigDecimal("4.20")));
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private SampleOrders() {
    }

    static OrderDraft draft(int itemsCount) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder customer = new StringBuilder("CUST-");
        for (int i = 0; i < 6; i++) {
            customer.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        List<LineItem> items = new ArrayList<>(itemsCount);
        for (int i = 0; i < itemsCount; i++) {
            Product product = CATALOGUE.get(random.nextInt(CATALOGUE.size()));
            items.add(new LineItem(product.sku(), 1 + random.nextInt(5), product.price()));
        }
        return new OrderDraft(customer.toString(), "USD", items);
    }
}
