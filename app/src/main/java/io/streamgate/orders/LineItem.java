package io.streamgate.orders;

import java.math.BigDecimal;

/** One line of an order: a stock-keeping unit, how many, and the price of one, exact to the cent. */
public record LineItem(String sku, int quantity, BigDecimal unitPrice) {

    BigDecimal amount() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
