package io.streamgate.platform.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A blocking health indicator run as a {@link SharedCheck}: concurrent callers ({@code /health}, the actuator's
 * {@code /actuator/health}, probes) share one run on a thread of its own, reused for {@code ttl}, and each waits at
 * most {@code wait} for it. What a caller gets when it cannot have the result is its own answer, never cached:
 * <ul>
 *   <li>its wait ended ({@code wait} passed): DOWN, "did not finish within ..."; the run goes on;</li>
 *   <li>it was interrupted while waiting (its client went away and Reactor disposed the task): UNKNOWN, with the
 *   thread's interrupt flag set again; nobody reads that answer.</li>
 * </ul>
 */
public final class SharedHealthIndicator implements HealthIndicator {

    private final SharedCheck<Health> check;
    private final Duration wait;

    /**
     * @param name      the contributor's name, for messages
     * @param indicator the blocking check
     * @param ttl       how long a finished result is reused (zero: shared only by callers that arrive during a run)
     * @param wait      how long a caller waits for a run
     */
    public SharedHealthIndicator(String name, HealthIndicator indicator, Duration ttl, Duration wait) {
        this.check = SharedCheck.of(name, indicator::health, ttl);
        this.wait = wait;
    }

    @Override
    public Health health() {
        try {
            return check.get(wait);
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", "The " + check.name() + " check did not finish within "
                    + wait.toMillis() + " ms").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().withDetail("error", "Interrupted while waiting for the " + check.name()
                    + " check").build();
        } catch (RuntimeException e) {
            return Health.down(e).build();
        }
    }
}
