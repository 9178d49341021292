package io.streamgate.orders;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineItemsColumnTest {

    @Test
    void shouldStoreUnitPricesAsTwoDecimalStringsInLineOrder() {
        List<LineItem> items = List.of(new LineItem("DESK-1", 1, new BigDecimal("999999999999.99")),
                new LineItem("PEN \"9\"", 3, new BigDecimal("0.1")));

        assertThat(LineItemsColumn.write(items)).isEqualTo("""
                [{"sku":"DESK-1","quantity":1,"unit_price":"999999999999.99"},\
                {"sku":"PEN \\"9\\"","quantity":3,"unit_price":"0.10"}]""");
    }

    @Test
    void shouldReadBackExactlyWhatItWroteWithTheContractsScale() {
        List<LineItem> items = List.of(new LineItem("A", 1, new BigDecimal("150.50")),
                new LineItem("B", 10_000, new BigDecimal("0.01")), new LineItem("C", 2, new BigDecimal("7.00")));

        assertThat(LineItemsColumn.read(LineItemsColumn.write(items))).isEqualTo(items);
        // As Postgres prints the jsonb value: keys reordered, spaces added.
        assertThat(LineItemsColumn.read("""
                [{"sku": "A", "quantity": 1, "unit_price": "150.50"}]"""))
                .containsExactly(new LineItem("A", 1, new BigDecimal("150.50")));
    }

    @Test
    void shouldRefuseAPriceWithMoreThanTwoDecimalsInsteadOfRoundingIt() {
        assertThatThrownBy(() -> LineItemsColumn.write(List.of(new LineItem("A", 1, new BigDecimal("0.005")))))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void shouldFailLoudlyOnAStoredValueOfAnotherShape() {
        for (String corrupt : List.of("[]", "{}", "[{\"sku\": \"A\", \"quantity\": 1, \"unit_price\": 1.5}]",
                "[{\"sku\": \"A\", \"quantity\": \"1\", \"unit_price\": \"1.50\"}]",
                "[{\"sku\": \"A\", \"unit_price\": \"1.50\"}]")) {
            assertThatThrownBy(() -> LineItemsColumn.read(corrupt)).as(corrupt).isInstanceOf(RuntimeException.class);
        }
    }
}
