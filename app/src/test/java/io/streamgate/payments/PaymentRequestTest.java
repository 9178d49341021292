package io.streamgate.payments;

import io.streamgate.platform.problems.FieldViolation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Random;
import java.util.regex.Pattern;

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
        assertThat(new PaymentRequest(PaymentRequest.MAX_AMOUNT, "USD", "C1").violations("")).isEmpty();
        assertThat(new PaymentRequest(PaymentRequest.MAX_AMOUNT.add(new BigDecimal("0.01")), "USD", "C1")
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

    @Test
    void shouldAcceptExactlyTheCustomerIdsOfTheDocumentedPattern() {
        Pattern documented = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
        String alphabet = "aZ09_.:-/ é\u0000A";
        Random random = new Random(42);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder candidate = new StringBuilder();
            int length = random.nextInt(67);
            for (int j = 0; j < length; j++) {
                candidate.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String id = candidate.toString();
            assertThat(PaymentRequest.isCustomerId(id)).as("'%s'", id).isEqualTo(documented.matcher(id).matches());
        }
        assertThat(PaymentRequest.isCustomerId("C".repeat(64))).isTrue();
        assertThat(PaymentRequest.isCustomerId("C".repeat(65))).isFalse();
        assertThat(PaymentRequest.isCustomerId("-C1")).isFalse();
    }
}
