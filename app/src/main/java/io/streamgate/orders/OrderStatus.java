package io.streamgate.orders;

import io.streamgate.schemas.orders.OrderStatusNames;

import java.util.Locale;
import java.util.Optional;

/**
 * The status vocabulary of {@code /orders} and of {@code order-events}. Seed 003's routes speak the seed's own
 * lower-case names ({@link #seedName()}: {@code new}, {@code confirmed}, ...); input on every route accepts both, in
 * any case.
 */
public enum OrderStatus {
    CREATED, CONFIRMED, SHIPPED, CANCELLED;

    /** The status a client named, in this vocabulary or seed 003's; empty when it names none. */
    static Optional<OrderStatus> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.equals("NEW")) {
            return Optional.of(CREATED);
        }
        if (name.equals("CANCELED")) {
            return Optional.of(CANCELLED);
        }
        for (OrderStatus status : values()) {
            if (status.name().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** Seed 003's name of this status, as its routes answer it. */
    String seedName() {
        return OrderStatusNames.of(io.streamgate.schemas.orders.OrderStatus.valueOf(name()));
    }

    boolean isFinal() {
        return this == SHIPPED || this == CANCELLED;
    }

    /** The status the life cycle moves to next; empty for a final status. */
    Optional<OrderStatus> next() {
        return switch (this) {
            case CREATED -> Optional.of(CONFIRMED);
            case CONFIRMED -> Optional.of(SHIPPED);
            case SHIPPED, CANCELLED -> Optional.empty();
        };
    }

    /**
     * Checks that an order in this status may move to {@code target}: forward one step at a time, or to CANCELLED
     * from a status that is not final. Moving to the same status is not a transition (callers treat it as no
     * change).
     *
     * @throws IllegalTransitionException naming the rule the move breaks
     */
    void requireTransitionTo(OrderStatus target) {
        if (target == this) {
            return;
        }
        if (isFinal()) {
            throw new IllegalTransitionException(this, target, IllegalTransitionException.Rule.FINAL_STATUS_NEVER_CHANGES);
        }
        if (target == CANCELLED) {
            return;
        }
        if (target.ordinal() < ordinal()) {
            throw new IllegalTransitionException(this, target, IllegalTransitionException.Rule.STATUS_NEVER_MOVES_BACK);
        }
        if (next().orElseThrow() != target) {
            throw new IllegalTransitionException(this, target, IllegalTransitionException.Rule.ONE_STEP_AT_A_TIME);
        }
    }
}
