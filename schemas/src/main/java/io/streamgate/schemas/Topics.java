package io.streamgate.schemas;

import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.payments.Payment;
import io.streamgate.schemas.submissions.CodeSubmission;
import io.streamgate.schemas.trips.DriverAssigned;
import io.streamgate.schemas.trips.JoinedTrip;
import io.streamgate.schemas.trips.LateTripPart;
import io.streamgate.schemas.trips.TripCompleted;
import io.streamgate.schemas.trips.TripRequested;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
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

    /**
     * A rider asked for a trip (seed 001's first stream), keyed by trip id. The three trip topics must have the same
     * partition count: the trips join reads partition n of all three in one task.
     */
    public static final Topic<String, TripRequested> TRIP_REQUESTED =
            new Topic<>("hw.fake.trip-requested", String.class, TripRequested.class);

    /** A driver took a trip (seed 001's second stream), keyed by trip id. */
    public static final Topic<String, DriverAssigned> DRIVER_ASSIGNED =
            new Topic<>("hw.fake.driver-assigned", String.class, DriverAssigned.class);

    /** A trip ended, with its fare (seed 001's third stream), keyed by trip id. */
    public static final Topic<String, TripCompleted> TRIP_COMPLETED =
            new Topic<>("hw.fake.trip-completed", String.class, TripCompleted.class);

    /** One record per trip with all three parts, written by the trips join; the name is seed 001's. */
    public static final Topic<String, JoinedTrip> JOINED_TRIPS =
            new Topic<>("hw.fake.joinedstreams", String.class, JoinedTrip.class);

    /** Trip parts the join set aside (arrived after their trip was joined or expired, or expired waiting). */
    public static final Topic<String, LateTripPart> LATE_TRIP_PARTS =
            new Topic<>("hw.fake.trip-parts-late", String.class, LateTripPart.class);

    /** Every topic above, in declaration order: read from the fields, so a new topic cannot be left out. */
    private static final List<Topic<?, ?>> ALL = Arrays.stream(Topics.class.getDeclaredFields())
            .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == Topic.class)
            .<Topic<?, ?>>map(Topics::valueOf)
            .toList();

    private Topics() {
    }

    public static List<Topic<?, ?>> all() {
        return ALL;
    }

    private static Topic<?, ?> valueOf(Field field) {
        try {
            return (Topic<?, ?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dead-letter topic for records of {@code topic} that could not be processed. */
    public static String deadLetterOf(String topic) {
        return topic + ".DLT";
    }
}
