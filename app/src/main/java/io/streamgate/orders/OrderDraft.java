package io.streamgate.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * What a client decides about an order (customer, currency, items); everything else (id, total, status, version,
 * times) is the server's.
 */
record OrderDraft(String customerId, String currency, List<LineItem> items) {

    OrderDraft {
        items = List.copyOf(items);
    }

    /** The exact sum of quantity × unit price, with the contract's two decimals. */
    BigDecimal total() {
        return items.stream().map(LineItem::amount).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.UNNECESSARY);
    }
}
