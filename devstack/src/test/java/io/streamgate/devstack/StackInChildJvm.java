package io.streamgate.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;

/** A dev stack in a JVM of its own, for tests that {@code kill -9} that JVM. Writes {@code <dir>/ready} when up. */
public final class StackInChildJvm {

    private StackInChildJvm() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        DevStack.start(DevStackTestSupport.propertiesIn(dir), EnumSet.allOf(DevStack.Service.class));
        Files.writeString(dir.resolve("ready"), "ready");
        new CountDownLatch(1).await();
    }
}
