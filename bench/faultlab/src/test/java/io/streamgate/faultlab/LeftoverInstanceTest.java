package io.streamgate.faultlab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a killed lab JVM left running is stopped by the next run in the same directory, and nothing else is. */
class LeftoverInstanceTest {

    @Test
    void anInstanceNamedInItsPidFileWithItsMarkerIsKilled(@TempDir Path lab) throws Exception {
        Path dir = Files.createDirectories(lab.resolve("app-2"));
        // Stands for a left-over instance: a process whose command line carries instance 2's marker.
        Process leftover = new ProcessBuilder("bash", "-c", "sleep 60; true",
                "-Dstreamgate.faultlab.instance=" + dir).start();
        Files.writeString(dir.resolve("app.pid"), Long.toString(leftover.pid()));

        AppInstance.stopLeftover(lab, 2);

        await().atMost(Duration.ofSeconds(10)).until(() -> !leftover.isAlive());
        assertThat(dir.resolve("app.pid")).doesNotExist();
    }

    @Test
    void aPidFileNamingAnotherProcessLeavesItAlone(@TempDir Path lab) throws Exception {
        Path dir = Files.createDirectories(lab.resolve("app-1"));
        Process unrelated = new ProcessBuilder("bash", "-c", "sleep 60; true").start();
        try {
            Files.writeString(dir.resolve("app.pid"), Long.toString(unrelated.pid()));

            AppInstance.stopLeftover(lab, 1);

            assertThat(unrelated.isAlive()).isTrue();
            assertThat(dir.resolve("app.pid")).doesNotExist();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void theCiProfileRunsWithoutNamespacesOrTmpfs() {
        Profile ci = Profile.named("ci");

        assertThat(ci.faults()).containsExactly("leader-kill", "broker-freeze", "app-kill");
        assertThat(ci.faults()).allSatisfy(fault -> assertThat(Faults.requirement(fault)).isNull());
        assertThat(ci.quickStart()).isTrue();
        assertThat(Profile.named("short").quickStart()).isFalse();
        assertThat(Profile.named("long").quickStart()).isFalse();
    }
}
