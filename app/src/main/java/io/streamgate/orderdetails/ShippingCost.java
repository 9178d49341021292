package io.streamgate.orderdetails;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Shipping is 2 % of the order total, in exact decimal arithmetic, rounded half-up to cents (0.005 becomes 0.01):
 * 150.50 ships for 3.01, 0.25 for 0.01, 0.24 for 0.00.
 */
final class ShippingCost {

    static final BigDecimal RATE = new BigDecimal("0.02");

    private ShippingCost() {
    }

    static BigDecimal of(BigDecimal total) {
        return total.multiply(RATE).setScale(2, RoundingMode.HALF_UP);
    }
}
