package io.streamgate.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order as stored: the client's draft plus what the server owns. Every change makes a new value with the version
 * one higher; the life cycle's next due time is part of it, so a restart resumes the schedule.
 */
record Order(String id, String customerId, OrderStatus status, String currency, List<LineItem> items,
             BigDecimal total, Instant createdAt, Instant updatedAt, long version, Instant nextTransitionAt) {

    Order {
        items = List.copyOf(items);
    }

    static Order placed(String id, OrderDraft draft, Instant now, Instant confirmAt) {
        return new Order(id, draft.customerId(), OrderStatus.CREATED, draft.currency(), draft.items(), draft.total(),
                now, now, 1, confirmAt);
    }

    /** The order with the client's new draft; only while it is CREATED. */
    Order revised(OrderDraft draft, Instant now) {
        if (status != OrderStatus.CREATED) {
            throw new IllegalTransitionException(status, IllegalTransitionException.Rule.ITEMS_FIXED_ONCE_CONFIRMED);
        }
        return new Order(id, draft.customerId(), status, draft.currency(), draft.items(), draft.total(), createdAt,
                now, version + 1, nextTransitionAt);
    }

    /**
     * The order moved to {@code target}, with the due time of the step after it ({@code nextDue}, ignored for a
     * final status).
     *
     * @throws IllegalTransitionException when the state machine does not allow the move
     */
    Order movedTo(OrderStatus target, Instant now, Instant nextDue) {
        status.requireTransitionTo(target);
        return new Order(id, customerId, target, currency, items, total, createdAt, now, version + 1,
                target.isFinal() ? null : nextDue);
    }
}
