package io.streamgate.faultlab;

import java.time.Duration;
import java.util.List;

/**
 * One fault of the schedule: what is done ({@link #inject}), how long it lasts, and how it is undone
 * ({@link #heal}). A mixed fault is several injected together and healed together.
 */
record Fault(String name, String description, Duration hold, Action inject, Action heal) {

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** Several faults at once: injected in order, held for the longest hold, healed in reverse order. */
    static Fault mixed(String name, List<Fault> faults) {
        Duration hold = faults.stream().map(Fault::hold).max(Duration::compareTo).orElse(Duration.ZERO);
        String description = String.join(" + ", faults.stream().map(Fault::description).toList());
        return new Fault(name, description, hold, () -> {
            for (Fault fault : faults) {
                fault.inject().run();
            }
        }, () -> {
            for (Fault fault : faults.reversed()) {
                fault.heal().run();
            }
        });
    }

    /** When a fault ran: injected, healed (its heal returned: a restarted process is ready again), window end. */
    record Window(String name, String description, long beforeMillis, long injectedMillis, long healedMillis,
                  long endMillis) {

        boolean contains(long millis) {
            return millis >= injectedMillis && millis < endMillis;
        }
    }
}
