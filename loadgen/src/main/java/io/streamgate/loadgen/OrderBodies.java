package io.streamgate.loadgen;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The {@code --workload orders} bodies: realistic {@code POST /orders} requests, each with 1 to 5 line items drawn
 * from a small catalogue (sku, quantity, unit price) and a customer id that cycles over {@code --customers}. A fixed
 * seed makes every run send the same mix.
 */
final class OrderBodies {

    private record Product(String sku, String price) {
    }

    private static final List<Product> CATALOGUE = List.of(
            new Product("BOOK-0001", "12.99"), new Product("BOOK-0042", "24.50"), new Product("MUG-0007", "8.75"),
            new Product("TSHIRT-M-BLK", "19.90"), new Product("TSHIRT-L-WHT", "19.90"),
            new Product("HDPHN-200", "89.00"), new Product("CABLE-USBC-1M", "9.49"),
            new Product("KBD-MECH-US", "129.00"), new Product("LAMP-DESK-LED", "34.95"),
            new Product("PEN-GEL-10", "4.20"), new Product("SOCKS-3PK", "11.00"), new Product("BAG-TOTE", "15.25"));
    private static final String[] CURRENCIES = {"USD", "USD", "USD", "EUR", "GBP"};

    private OrderBodies() {
    }

    /** {@code count} distinct order bodies, each with the customer placeholder {@value RequestTemplate#PLACEHOLDER}. */
    static List<String> templates(int count, long seed) {
        Random random = new Random(seed);
        List<String> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder body = new StringBuilder(256)
                    .append("{\"customer_id\": \"CUST-").append(RequestTemplate.PLACEHOLDER)
                    .append("\", \"currency\": \"").append(CURRENCIES[random.nextInt(CURRENCIES.length)])
                    .append("\", \"items\": [");
            int items = 1 + random.nextInt(5);
            for (int item = 0; item < items; item++) {
                Product product = CATALOGUE.get(random.nextInt(CATALOGUE.size()));
                body.append(item == 0 ? "" : ", ")
                        .append("{\"sku\": \"").append(product.sku())
                        .append("\", \"quantity\": ").append(1 + random.nextInt(4))
                        .append(", \"unit_price\": ").append(new BigDecimal(product.price()).toPlainString())
                        .append('}');
            }
            bodies.add(body.append("]}").toString());
        }
        return bodies;
    }
}
