package io.streamgate.schemas;

import io.streamgate.schemas.payments.Payment;

import java.util.List;

/**
 * The topic catalogue: every topic Streamgate writes or reads, with its key and value types. Partitions and
 * replication are configuration ({@code streamgate.topics.*}), not code.
 */
public final class Topics {

    /** Accepted payments, keyed by customer id so one customer's payments stay in order (seed 000). */
    public static final Topic<String, Payment> PAYMENTS = new Topic<>("payments", String.class, Payment.class);

    private static final List<Topic<?, ?>> ALL = List.of(PAYMENTS);

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
