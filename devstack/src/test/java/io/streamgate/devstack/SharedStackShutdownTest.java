package io.streamgate.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared stack of a test JVM stops only after the JVM's Spring contexts have closed, never while they still close
 * against it.
 */
class SharedStackShutdownTest {

    @Test
    void shouldStopTheStackOnlyOnceTheSpringContextsAreClosed(@TempDir Path dir) throws Exception {
        Path order = dir.resolve("order.txt");
        Process jvm = new ProcessBuilder(ChildProcess.javaExecutable(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ShutdownOrderInChildJvm.class.getName(),
                order.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("jvm.log").toFile())
                .start();
        try {
            assertThat(jvm.waitFor(2, TimeUnit.MINUTES)).as("child JVM exited; log in %s", dir.resolve("jvm.log"))
                    .isTrue();

            assertThat(Files.readAllLines(order)).containsExactly("context closed", "stack stopped, context active: false");
        } finally {
            jvm.destroyForcibly();
        }
    }
}
