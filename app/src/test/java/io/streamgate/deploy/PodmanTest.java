package io.streamgate.deploy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The container proof never skips silently in CI: without podman or runc it fails there, and skips elsewhere. */
class PodmanTest {

    @Test
    void shouldFailInCiWhenPodmanOrRuncIsMissing() {
        assertThatThrownBy(() -> Podman.requireTools(Map.of("PATH", "/nonexistent", "CI", "true")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[podman, runc] not on the PATH");
    }

    @Test
    void shouldSkipOutsideCiSayingWhatToInstall() {
        assertThatThrownBy(() -> Podman.requireTools(Map.of("PATH", "/nonexistent")))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install podman runc");
    }

    @Test
    void shouldPassWhenBothAreOnThePath() throws Exception {
        Path bin = Files.createTempDirectory("bin");
        for (String tool : new String[] {"podman", "runc"}) {
            Path file = Files.createFile(bin.resolve(tool));
            file.toFile().setExecutable(true);
        }
        assertThatCode(() -> Podman.requireTools(Map.of("PATH", bin.toString(), "CI", "true")))
                .doesNotThrowAnyException();
    }
}
