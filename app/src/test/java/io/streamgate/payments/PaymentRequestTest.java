package io.streamgate.payments;

import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.schemas.ValueRules;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentRequestTest {

    @Test
    void shouldAcceptTheSeedsPayment() {
        assertThat(new PaymentRequest(new BigDecimal("99.99"), "USD", "CUST-1234").violations("")).isEmpty();
    }

    @Test
    void shouldReportEveryMissingFieldAtOnce() {
        assertThat(new PaymentRequest(null, null, null).violations(""))
                .extracting(FieldViolation::field).containsExactlyInAnyOrder("amount", "currency", "customer_id");
    }

    @Test
    void shouldAllowTrailingZerosBeyondTwoDecimalsButNotMoreDigits() {
        assertThat(new PaymentRequest(new BigDecimal("10.500"), "USD", "C1").violations("")).isEmpty();
        assertThat(new PaymentRequest(new BigDecimal("10.501"), "USD", "C1").violations(""))
                .extracting(FieldViolation::message).containsExactly("must have at most 2 decimal places in USD");
    }

    @Test
    void shouldRespectTheCurrencysMinorUnits() {
        assertThat(new PaymentRequest(new BigDecimal("100"), "JPY", "C1").violations("")).isEmpty();
        assertThat(new PaymentRequest(new BigDecimal("100.5"), "JPY", "C1").violations("")).hasSize(1);
    }

    @Test
    void shouldCapTheAmountAtWhatTheContractHolds() {
        assertThat(new PaymentRequest(ValueRules.MAX_MONEY, "USD", "C1").violations("")).isEmpty();
        assertThat(new PaymentRequest(ValueRules.MAX_MONEY.add(new BigDecimal("0.01")), "USD", "C1")
                .violations("")).hasSize(1);
    }

    @Test
    void shouldFingerprintEqualPaymentsEquallyWhateverTheirSpelling() {
        assertThat(new PaymentRequest(new BigDecimal("42"), "USD", "C1").fingerprint())
                .isEqualTo(new PaymentRequest(new BigDecimal("42.00"), "USD", "C1").fingerprint());
        assertThat(new PaymentRequest(new BigDecimal("42"), "USD", "C1").fingerprint())
                .isNotEqualTo(new PaymentRequest(new BigDecimal("42.01"), "USD", "C1").fingerprint());
    }

    @Test
    void shouldPrefixFieldsOfBatchItems() {
        assertThat(new PaymentRequest(BigDecimal.ONE, "usd", "C1").violations("[3]."))
                .extracting(FieldViolation::field).containsExactly("[3].currency");
    }
}
