package io.streamgate.faultlab;

import io.streamgate.devstack.DevStack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault lab's {@code ci} profile in the build (docs/reliability.md): three brokers (replication 3, min ISR 2),
 * the registry, Postgres and three instances from the app's jar under the lab's workload, the leader of
 * {@code payments}-0 killed with {@code kill -9} and restarted, a leader frozen with {@code SIGSTOP} past the broker
 * session timeout, an instance killed with {@code kill -9} and restarted; then the checker reads every topic and the
 * database back. Fails when anything acknowledged was lost, an invariant broke or a fault could not be injected or
 * healed, naming the report.
 *
 * <p>It runs in {@code target/fault-lab-ci} on free ports only, so it meets neither the app module's embedded stack
 * nor a lab or a development stack on this machine. What a killed earlier run left there (instances, brokers,
 * registry, Postgres) is stopped first; after a passing run the stack's data is deleted and the report, the ledger
 * and every process's log are kept.
 */
class FaultLabCiIT {

    @Test
    void nothingAcknowledgedIsLostAndEveryInvariantHoldsUnderKilledAndFrozenProcesses() throws Exception {
        Path jar = Path.of(System.getProperty("streamgate.jar", "../../app/target/streamgate-app-0.1.0-SNAPSHOT.jar"))
                .toAbsolutePath().normalize();
        assertThat(jar).as("the app's jar, which the app module packages before this one (alone: "
                + "./mvnw -pl app -am -DskipTests package)").isRegularFile();
        Path out = Path.of(System.getProperty("faultlab.out", "target/fault-lab-ci")).toAbsolutePath().normalize();
        stopLeftoversAndDelete(out);

        int status = new FaultLab.Run(Profile.named("ci"), out, jar, Set.copyOf(Profile.CI_FAULTS), false, false)
                .run();

        Path report = out.resolve("report.md");
        assertThat(status).as("the fault lab (profile ci) found acknowledged requests lost, a broken invariant or a "
                + "fault it could not inject or heal; see %s (ledger.csv and every process's log beside it)", report)
                .isZero();
        try (Stream<Path> stackData = Files.list(out.resolve("stack"))) {
            for (Path path : stackData.filter(path -> !path.getFileName().toString().equals("logs")).toList()) {
                deleteRecursively(path);
            }
        }
    }

    /** A run killed before its clean-up (kill -9 of the build) may have left processes on the directory. */
    private static void stopLeftoversAndDelete(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return;
        }
        for (int i = 1; i <= 3; i++) {
            AppInstance.stopLeftover(out, i);
        }
        DevStack.stopLeftovers(out.resolve("stack"));
        deleteRecursively(out);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
