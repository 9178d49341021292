package io.streamgate.orderdetails;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class ShippingCostTest {

    @ParameterizedTest(name = "{0} ships for {1}")
    @CsvSource({
            "150.50, 3.01",   // seed 003's example
            "0.25, 0.01",     // 0.005: half-up
            "0.24, 0.00",     // 0.0048
            "0.00, 0.00",
            "99.99, 2.00",    // 1.9998
            "12.37, 0.25",    // 0.2474
            "12.38, 0.25",    // 0.2476
            "12.75, 0.26",    // 0.255: half-up
            "999999999999.99, 20000000000.00"})
    void shouldBeTwoPercentOfTheTotalRoundedHalfUpToCents(String total, String expected) {
        BigDecimal cost = ShippingCost.of(new BigDecimal(total));

        assertThat(cost).isEqualTo(new BigDecimal(expected));
        assertThat(cost.scale()).isEqualTo(2);
    }
}
