package io.streamgate.faultlab;

import java.time.Duration;
import java.util.List;

/**
 * How long the lab runs, and which faults. {@code ci}: the three faults that put each promise under a real failure
 * of the cluster and of the instances (the leader of {@code payments}-0 killed with {@code kill -9} and restarted, a
 * leader frozen with {@code SIGSTOP} past the broker session timeout, an instance killed with {@code kill -9} and
 * restarted), with short quiet periods: what the build runs ({@code FaultLabCiIT}). {@code short}: each fault once,
 * short quiet periods (about 22 minutes on a busy 2-core machine with start-up and the check). {@code long}: longer
 * holds and quiet periods, and the whole schedule twice.
 *
 * @param warmUp    load before the first fault (the instances' JIT, the first rebalances)
 * @param before    quiet load before each fault: the throughput the recovery is measured against
 * @param after     load after each heal, in which throughput must come back
 * @param killHold  how long a killed process stays dead
 * @param rounds    how often the schedule runs
 * @param rate      requests per second the workload offers: low, so that on a shared 2-core machine the faults,
 *                  not the lab's own load, decide what happens (at 30/s with 8 JVMs on 2 busy cores every request
 *                  took longer than the 10 s timeout)
 * @param faults    the faults of the schedule this profile runs, by name; empty: every one the run can do
 * @param quickStart whether every JVM of the lab (brokers, registry, instances) stops its JIT at C1
 *                  ({@code -XX:TieredStopAtLevel=1}): they start in less CPU time and run slower code, which at the
 *                  lab's few requests a second changes no outcome, only how fast a 2-core build gets there. The
 *                  other profiles run the JVMs as production does.
 */
record Profile(String name, Duration warmUp, Duration before, Duration after, Duration killHold, int rounds,
               int rate, List<String> faults, boolean quickStart) {

    /** What {@code quickStart} adds to every JVM's command line. */
    static final List<String> QUICK_START_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    /** The faults of the {@code ci} profile, in schedule order. */
    static final List<String> CI_FAULTS = List.of("leader-kill", "broker-freeze", "app-kill");

    Profile {
        faults = List.copyOf(faults);
    }

    static Profile named(String name) {
        return switch (name) {
            case "ci" -> new Profile("ci", Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(10),
                    Duration.ofSeconds(5), 1, 10, CI_FAULTS, true);
            case "short" -> new Profile("short", Duration.ofSeconds(20), Duration.ofSeconds(10),
                    Duration.ofSeconds(20), Duration.ofSeconds(10), 1, 10, List.of(), false);
            case "long" -> new Profile("long", Duration.ofSeconds(60), Duration.ofSeconds(20),
                    Duration.ofSeconds(45), Duration.ofSeconds(30), 2, 15, List.of(), false);
            default -> throw new IllegalArgumentException("profile must be ci, short or long, not " + name);
        };
    }

    Profile withRate(int requestsPerSecond) {
        return new Profile(name, warmUp, before, after, killHold, rounds, requestsPerSecond, faults, quickStart);
    }
}
