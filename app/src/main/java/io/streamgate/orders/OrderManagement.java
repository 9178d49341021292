package io.streamgate.orders;

import io.streamgate.schemas.orders.OrderEventType;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The orders use cases. Each change locks the order's row, checks the state machine and the client's expected
 * version, writes the new version and records its event in the outbox, all in one transaction: an event exists for
 * every committed change and for none that rolled back. Blocking: call it off the event loop.
 */
class OrderManagement {

    private final Orders orders;
    private final OrderEvents events;
    private final TransactionTemplate transactions;
    private final OrdersSettings.LifeCycle lifeCycle;
    private final Clock clock;

    OrderManagement(Orders orders, OrderEvents events, TransactionTemplate transactions,
                    OrdersSettings.LifeCycle lifeCycle, Clock clock) {
        this.orders = orders;
        this.events = events;
        this.transactions = transactions;
        this.lifeCycle = lifeCycle;
        this.clock = clock;
    }

    /**
     * Places a new order, in the caller's transaction (so that an idempotency key can commit with it).
     *
     * @throws OrderAlreadyExistsException when the id is taken
     */
    Order place(String orderId, OrderDraft draft, String requestId) {
        return place(orderId, draft, requestId, OrderAccess.EVERYONE);
    }

    /** As {@link #place(String, OrderDraft, String)}, for the client {@code access} names (its owner). */
    Order place(String orderId, OrderDraft draft, String requestId, OrderAccess access) {
        Instant now = now();
        Order order = Order.placed(orderId, draft, now, now.plus(lifeCycle.confirmAfter()));
        if (!orders.insert(order, access.owner())) {
            throw new OrderAlreadyExistsException(orderId);
        }
        events.record(OrderEventType.ORDER_CREATED, order, requestId);
        return order;
    }

    /** Replaces the client's part of an order (customer, currency, items); only while it is CREATED. */
    Order revise(String orderId, Long expectedVersion, OrderDraft draft, String requestId, OrderAccess access) {
        return transactions.execute(status -> {
            Order current = lockExpecting(orderId, expectedVersion, access);
            Order revised = current.revised(draft, now());
            if (current.customerId().equals(draft.customerId()) && current.currency().equals(draft.currency())
                    && sameItems(current.items(), draft.items())) {
                return current;
            }
            orders.update(revised, true);
            events.record(OrderEventType.ORDER_UPDATED, revised, requestId);
            return revised;
        });
    }

    /**
     * Moves an order to {@code target} (a client's move or cancellation); the life cycle continues from the new
     * status on its schedule. Moving to the status it has is no change: no new version, no event.
     */
    Order moveTo(String orderId, Long expectedVersion, OrderStatus target, String requestId, OrderAccess access) {
        return transactions.execute(status -> {
            Order current = lockExpecting(orderId, expectedVersion, access);
            if (current.status() == target) {
                return current;
            }
            Instant now = now();
            Order moved = current.movedTo(target, now, now.plus(lifeCycle.delayAfter(target)));
            orders.update(moved, false);
            events.record(target == OrderStatus.CANCELLED ? OrderEventType.ORDER_CANCELLED
                    : OrderEventType.ORDER_STATUS_CHANGED, moved, requestId);
            return moved;
        });
    }

    /**
     * Moves on up to one batch of orders whose next transition is due, in one transaction, and returns how many it
     * moved. Rows locked by another replica are skipped, so each transition happens once.
     */
    int advanceDue() {
        Integer moved = transactions.execute(status -> {
            Instant now = now();
            List<Order> due = orders.claimDue(now, lifeCycle.batchSize());
            for (Order order : due) {
                OrderStatus next = order.status().next().orElseThrow(() -> new IllegalStateException(
                        "Order " + order.id() + " is " + order.status() + " but has a transition due"));
                Order advanced = order.movedTo(next, now, now.plus(lifeCycle.delayAfter(next)));
                orders.update(advanced, false);
                events.record(OrderEventType.ORDER_STATUS_CHANGED, advanced, null);
            }
            return due.size();
        });
        return moved == null ? 0 : moved;
    }

    /** Another client's order is as absent as one that does not exist: a 404, never a hint that it exists. */
    private Order lockExpecting(String orderId, Long expectedVersion, OrderAccess access) {
        Order current = orders.lock(orderId, access).orElseThrow(() -> new OrderNotFoundException(orderId));
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw new StaleOrderVersionException(orderId, current.version());
        }
        return current;
    }

    private static boolean sameItems(List<LineItem> a, List<LineItem> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            LineItem x = a.get(i);
            LineItem y = b.get(i);
            if (!x.sku().equals(y.sku()) || x.quantity() != y.quantity() || x.unitPrice().compareTo(y.unitPrice()) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Milliseconds: the precision of the events' timestamps, so rows and events agree exactly. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
