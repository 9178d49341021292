package io.streamgate.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a killed JVM leaves behind is cleaned up by the next start. */
class LeftoversTest {

    @Test
    void childOfAKilledJvmNamedInItsPidFileIsStopped(@TempDir Path dir) throws Exception {
        ChildProcess previousRun = new ChildProcess("sleeper", dir);
        previousRun.start(System.getProperty("java.class.path"), List.of("-Xmx32m"), Sleeper.class.getName(),
                List.of(), dir);
        long pid = previousRun.pid().orElseThrow();

        // A new JVM knows only the pid file.
        new ChildProcess("sleeper", dir).cleanUpStale(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(20)).until(() -> !alive(pid));
        assertThat(dir.resolve("run/sleeper.pid")).doesNotExist();
    }

    @Test
    void pidFileNamingAnUnrelatedProcessLeavesItAlone(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("run"));
        long unrelated = ProcessHandle.current().pid(); // not started with our marker
        Files.writeString(dir.resolve("run/sleeper.pid"), Long.toString(unrelated));

        new ChildProcess("sleeper", dir).cleanUpStale(Duration.ofSeconds(1));

        assertThat(alive(unrelated)).isTrue();
        assertThat(dir.resolve("run/sleeper.pid")).doesNotExist();
    }

    @Test
    void afterKillMinus9ChildrenExitAndTheStalePostgresIsStopped(@TempDir Path dir) throws Exception {
        Process jvm = stackInChildJvm(dir);
        try {
            long postgresPid = ChildProcess.readPid(dir.resolve("postgres/postmaster.pid")).orElseThrow();
            long kafkaPid = ChildProcess.readPid(dir.resolve("run/kafka-1.pid")).orElseThrow();
            long registryPid = ChildProcess.readPid(dir.resolve("run/registry.pid")).orElseThrow();

            jvm.destroyForcibly().waitFor(); // kill -9: no shutdown hook runs

            // The watchdog ends the broker and the registry once their parent is gone ...
            await().atMost(Duration.ofSeconds(60)).until(() -> !alive(kafkaPid) && !alive(registryPid));
            // ... but pg_ctl daemonized postgres, so it is still serving the data directory.
            assertThat(alive(postgresPid)).isTrue();

            try (DevStack next = DevStack.start(DevStackTestSupport.propertiesIn(dir),
                    EnumSet.of(DevStack.Service.POSTGRES))) {
                assertThat(alive(postgresPid)).isFalse();
                EmbeddedPostgresServer postgres = next.postgres();
                try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
                        postgres.password())) {
                    assertThat(connection.isValid(5)).isTrue();
                }
            }
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void stopLeftoversStopsAKilledJvmsPostgresWithoutStartingAnything(@TempDir Path dir) throws Exception {
        // Postgres alone: the one process that outlives its JVM (the children's watchdogs end the others).
        Process jvm = stackInChildJvm(dir, "POSTGRES");
        try {
            long postgresPid = ChildProcess.readPid(dir.resolve("postgres/postmaster.pid")).orElseThrow();
            jvm.destroyForcibly().waitFor(); // kill -9: no shutdown hook runs
            assertThat(alive(postgresPid)).isTrue();

            DevStack.stopLeftovers(dir);

            assertThat(alive(postgresPid)).isFalse();
            assertThat(dir.resolve("postgres/postmaster.pid")).doesNotExist();
        } finally {
            jvm.destroyForcibly();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** A JVM running {@link StackInChildJvm} in {@code dir} (with {@code services}, or all), once its stack is up. */
    private static Process stackInChildJvm(Path dir, String... services) throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), StackInChildJvm.class.getName(), dir.toString()));
        command.addAll(List.of(services));
        Process jvm = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("jvm.log").toFile())
                .start();
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(dir.resolve("ready")) || !jvm.isAlive());
            assertThat(jvm.isAlive()).as("stack JVM running; log in %s", dir.resolve("jvm.log")).isTrue();
            return jvm;
        } catch (Throwable failure) {
            jvm.destroyForcibly();
            throw failure;
        }
    }
}
