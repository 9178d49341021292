package io.streamgate.orders;

/**
 * A change the order's state does not allow, named by the rule it breaks. Answered as a 409 problem whose
 * {@code rule} property is the rule's code, so a client can branch on it.
 */
public class IllegalTransitionException extends RuntimeException {

    /** The rules of the order's state machine. */
    public enum Rule {
        FINAL_STATUS_NEVER_CHANGES("final-status-never-changes", "SHIPPED and CANCELLED are final"),
        STATUS_NEVER_MOVES_BACK("status-never-moves-back", "an order's status only moves forward"),
        ONE_STEP_AT_A_TIME("one-step-at-a-time", "an order moves CREATED → CONFIRMED → SHIPPED one step at a time"),
        ITEMS_FIXED_ONCE_CONFIRMED("items-fixed-once-confirmed",
                "customer, currency and items can change only while the order is CREATED");

        private final String code;
        private final String description;

        Rule(String code, String description) {
            this.code = code;
            this.description = description;
        }

        public String code() {
            return code;
        }

        public String description() {
            return description;
        }
    }

    private final Rule rule;

    IllegalTransitionException(OrderStatus from, OrderStatus to, Rule rule) {
        super("An order in status " + from + " cannot move to " + to + ": " + rule.description() + ".", null, false,
                false);
        this.rule = rule;
    }

    IllegalTransitionException(OrderStatus current, Rule rule) {
        super("The order is " + current + ": " + rule.description() + ".", null, false, false);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
