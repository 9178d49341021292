package io.streamgate.faultlab;

import java.time.Duration;

/**
 * How long the lab runs. {@code short}: each fault once, short quiet periods (about 22 minutes on a busy 2-core machine with
 * start-up and the check). {@code long}: longer holds and quiet periods, and the whole schedule twice.
 *
 * @param warmUp    load before the first fault (the instances' JIT, the first rebalances)
 * @param before    quiet load before each fault: the throughput the recovery is measured against
 * @param after     load after each heal, in which throughput must come back
 * @param killHold  how long a killed process stays dead
 * @param rounds    how often the schedule runs
 * @param rate      requests per second the workload offers: low, so that on a shared 2-core machine the faults,
 *                  not the lab's own load, decide what happens (at 30/s with 8 JVMs on 2 busy cores every request
 *                  took longer than the 10 s timeout)
 */
record Profile(String name, Duration warmUp, Duration before, Duration after, Duration killHold, int rounds,
               int rate) {

    static Profile named(String name) {
        return switch (name) {
            case "short" -> new Profile("short", Duration.ofSeconds(20), Duration.ofSeconds(10),
                    Duration.ofSeconds(20), Duration.ofSeconds(10), 1, 10);
            case "long" -> new Profile("long", Duration.ofSeconds(60), Duration.ofSeconds(20),
                    Duration.ofSeconds(45), Duration.ofSeconds(30), 2, 15);
            default -> throw new IllegalArgumentException("profile must be short or long, not " + name);
        };
    }

    Profile withRate(int requestsPerSecond) {
        return new Profile(name, warmUp, before, after, killHold, rounds, requestsPerSecond);
    }
}
