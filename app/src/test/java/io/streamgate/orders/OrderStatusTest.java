package io.streamgate.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderStatusTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"CREATED, CONFIRMED", "CONFIRMED, SHIPPED", "CREATED, CANCELLED", "CONFIRMED, CANCELLED",
            "SHIPPED, SHIPPED", "CANCELLED, CANCELLED"})
    void shouldAllowOneStepForwardOrACancellation(OrderStatus from, OrderStatus to) {
        assertThatCode(() -> from.requireTransitionTo(to)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} -> {1} breaks {2}")
    @CsvSource({"SHIPPED, CREATED, FINAL_STATUS_NEVER_CHANGES", "SHIPPED, CANCELLED, FINAL_STATUS_NEVER_CHANGES",
            "CANCELLED, CONFIRMED, FINAL_STATUS_NEVER_CHANGES", "CONFIRMED, CREATED, STATUS_NEVER_MOVES_BACK",
            "CREATED, SHIPPED, ONE_STEP_AT_A_TIME"})
    void shouldNameTheRuleAnIllegalTransitionBreaks(OrderStatus from, OrderStatus to,
                                                    IllegalTransitionException.Rule rule) {
        assertThatThrownBy(() -> from.requireTransitionTo(to))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> assertThat(e.rule()).isEqualTo(rule))
                .hasMessageContaining(from.name()).hasMessageContaining(to.name());
    }

    @Test
    void shouldReadSeed003sStatusNamesAsTheOneVocabulary() {
        assertThat(OrderStatus.parse("new")).contains(OrderStatus.CREATED);
        assertThat(OrderStatus.parse("confirmed")).contains(OrderStatus.CONFIRMED);
        assertThat(OrderStatus.parse("Shipped")).contains(OrderStatus.SHIPPED);
        assertThat(OrderStatus.parse("canceled")).contains(OrderStatus.CANCELLED);
        assertThat(OrderStatus.parse("lost")).isEmpty();
        assertThat(OrderStatus.parse(null)).isEmpty();
    }
}
