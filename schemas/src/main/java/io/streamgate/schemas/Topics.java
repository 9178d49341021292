package io.streamgate.schemas;

import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.payments.Payment;
import io.streamgate.schemas.submissions.CodeSubmission;

import java.util.List;

/**
 * The topic catalogue: every topic Streamgate writes or reads, with its key and value types. Partitions and
 * replication are configuration ({@code streamgate.topics.*}), not code.
 */
public final class Topics {

    /** Accepted payments, keyed by customer id so one customer's payments stay in order (seed 000). */
    public static final Topic<String, Payment> PAYMENTS = new Topic<>("payments", String.class, Payment.class);

    /**
     * Every change to an order (created, updated, status changed, cancelled), keyed by order id so that one order's
     * events stay in version order (seeds 002 and 003). Written by the orders outbox relay.
     */
    public static final Topic<String, OrderEvent> ORDER_EVENTS =
            new Topic<>("order-events", String.class, OrderEvent.class);

    /**
     * Code queued for execution by {@code POST /submit-code}, keyed by user id so that one user's submissions stay in
     * order (seed 004).
     */
    public static final Topic<String, CodeSubmission> CODE_EXECUTION =
            new Topic<>("code-execution", String.class, CodeSubmission.class);

    private static final List<Topic<?, ?>> ALL = List.of(PAYMENTS, ORDER_EVENTS, CODE_EXECUTION);

    private Topics() {
    }

    public static List<Topic<?, ?>> all() {
        return ALL;
    }

    /** The dead-letter topic for records of {@code topic} that could not be processed. */
    public static String deadLetterOf(String topic) {
        return topic + ".DLT";
    }
}
