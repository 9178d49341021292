package io.streamgate.schemas;

import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.payments.Payment;
import io.streamgate.schemas.trips.JoinedTrip;
import io.streamgate.schemas.trips.LateTripPart;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ValueRulesTest {

    private static final String NOT_AN_IDENTIFIER =
            "must be 1 to 64 characters of letters, digits, '-', '_', '.', ':' starting with a letter or digit";
    private static final String NOT_A_CURRENCY = "must be an ISO 4217 currency code in upper case, e.g. USD";

    @Test
    void shouldAcceptExactlyTheIdentifiersOfTheDocumentedPattern() {
        Pattern documented = Pattern.compile(ValueRules.IDENTIFIER_PATTERN);
        String alphabet = "aZ09_.:-/ é\u0000A";
        Random random = new Random(42);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder candidate = new StringBuilder();
            int length = random.nextInt(67);
            for (int j = 0; j < length; j++) {
                candidate.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String id = candidate.toString();
            assertThat(ValueRules.isIdentifier(id)).as("'%s'", id).isEqualTo(documented.matcher(id).matches());
        }
        assertThat(ValueRules.isIdentifier("C".repeat(64))).isTrue();
        assertThat(ValueRules.isIdentifier("C".repeat(65))).isFalse();
        assertThat(ValueRules.isIdentifier("-C1")).isFalse();
    }

    @Test
    void shouldSayWhatIsWrongWithAnIdentifier() {
        assertThat(ValueRules.identifier("CUST-1234")).isEmpty();
        assertThat(ValueRules.identifier("ORDER:2024.11_a")).isEmpty();
        assertThat(ValueRules.identifier(null)).contains("is required");
        assertThat(ValueRules.identifier("")).contains(NOT_AN_IDENTIFIER);
        assertThat(ValueRules.identifier("ORDER\u00001")).contains(NOT_AN_IDENTIFIER);
        assertThat(ValueRules.isIdentifier(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"USD", "EUR", "JPY", "BHD", "CHF"})
    void shouldAcceptCurrenciesWithAMinorUnit(String code) {
        assertThat(ValueRules.currency(code)).isEmpty();
        assertThat(ValueRules.isCurrency(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"XAU", "XAG", "XXX", "usd", "Usd", "ZZZ", "US", "USDD", "", " USD"})
    void shouldRefuseCodesThatAreNotUpperCaseCurrenciesWithAMinorUnit(String code) {
        assertThat(ValueRules.currency(code)).contains(NOT_A_CURRENCY);
        assertThat(ValueRules.isCurrency(code)).isFalse();
    }

    @Test
    void shouldRequireACurrency() {
        assertThat(ValueRules.currency(null)).contains("is required");
        assertThat(ValueRules.isCurrency(null)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"USD, 2", "EUR, 2", "JPY, 0", "KRW, 0", "BHD, 2", "XAU, 2", "usd, 2", ", 2"})
    void shouldAllowTheCurrencysMinorUnitAtMostTheContractsTwoDecimals(String currency, int decimals) {
        assertThat(ValueRules.moneyDecimals(currency)).isEqualTo(decimals);
    }

    @ParameterizedTest
    @CsvSource({"99.99, USD", "0.01, USD", "10.500, USD", "999999999999.99, USD", "100, JPY", "1.50E+2, JPY",
            "1E+3, USD", "12.30, BHD", "1.25, ZZZ", "1.25,"})
    void shouldAcceptPositiveMoneyTheContractsHold(String amount, String currency) {
        assertThat(ValueRules.positiveMoney(new BigDecimal(amount), currency)).isEmpty();
        assertThat(ValueRules.nonNegativeMoney(new BigDecimal(amount), currency)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 | USD | must be greater than 0",
            "-0.01 | USD | must be greater than 0",
            "1000000000000 | USD | must be at most 999999999999.99",
            "999999999999.991 | USD | must be at most 999999999999.99",
            "10.501 | USD | must have at most 2 decimal places in USD",
            "1.50 | JPY | must have at most 0 decimal places in JPY",
            "1.001 | BHD | must have at most 2 decimal places in BHD",
            "1.001 | usd | must have at most 2 decimal places",
            "1.001 | XAU | must have at most 2 decimal places",
            "0.0000000000000000001 | EUR | must have at most 2 decimal places in EUR"})
    void shouldSayWhatIsWrongWithAPositiveAmount(String amount, String currency, String message) {
        assertThat(ValueRules.positiveMoney(new BigDecimal(amount), currency)).contains(message);
    }

    @Test
    void shouldAllowZeroWhereMoneyMayBeZeroAndNothingBelow() {
        assertThat(ValueRules.nonNegativeMoney(BigDecimal.ZERO, "USD")).isEmpty();
        assertThat(ValueRules.nonNegativeMoney(new BigDecimal("0.00"), "JPY")).isEmpty();
        assertThat(ValueRules.nonNegativeMoney(new BigDecimal("-0.01"), "USD")).contains("must be 0 or more");
        assertThat(ValueRules.nonNegativeMoney(new BigDecimal("1.5"), "JPY"))
                .contains("must have at most 0 decimal places in JPY");
    }

    @Test
    void shouldRequireAnAmount() {
        assertThat(ValueRules.positiveMoney(null, "USD")).contains("is required");
        assertThat(ValueRules.nonNegativeMoney(null, "USD")).contains("is required");
    }

    @Test
    void shouldWriteMoneyWithTheContractsScale() {
        assertThat(ValueRules.exactMoney(new BigDecimal("42"))).isEqualByComparingTo("42").hasToString("42.00");
        assertThat(ValueRules.exactMoney(new BigDecimal("10.500"))).hasToString("10.50");
        assertThat(ValueRules.exactMoney(new BigDecimal("1E+3"))).hasToString("1000.00");
    }

    @Test
    void shouldBoundMoneyByEveryDecimalOfTheContracts() {
        List<Schema> decimals = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Schema contract : List.of(Payment.getClassSchema(), OrderEvent.getClassSchema(),
                JoinedTrip.getClassSchema(), LateTripPart.getClassSchema())) {
            collectDecimals(contract, seen, decimals);
        }

        // Payment.amount, OrderState.total, OrderItem.unit_price, TripCompleted.fare and tip.
        assertThat(decimals).hasSize(5).allSatisfy(schema -> {
            LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) schema.getLogicalType();
            assertThat(decimal.getScale()).isEqualTo(ValueRules.MONEY_SCALE);
            assertThat(decimal.getPrecision()).isEqualTo(ValueRules.MAX_MONEY.precision());
        });
        assertThat(ValueRules.MAX_MONEY.scale()).isEqualTo(ValueRules.MONEY_SCALE);
        assertThat(ValueRules.MAX_MONEY.add(new BigDecimal("0.01")).precision())
                .isGreaterThan(ValueRules.MAX_MONEY.precision());
    }

    private static void collectDecimals(Schema schema, Set<String> seen, List<Schema> out) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.add(schema.getFullName())) {
                    schema.getFields().forEach(field -> collectDecimals(field.schema(), seen, out));
                }
            }
            case UNION -> schema.getTypes().forEach(type -> collectDecimals(type, seen, out));
            case ARRAY -> collectDecimals(schema.getElementType(), seen, out);
            case BYTES, FIXED -> {
                if (schema.getLogicalType() instanceof LogicalTypes.Decimal) {
                    out.add(schema);
                }
            }
            default -> {
            }
        }
    }
}
