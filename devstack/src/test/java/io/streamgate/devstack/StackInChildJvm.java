package io.streamgate.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;

/**
 * A dev stack in a JVM of its own, for tests that {@code kill -9} that JVM. Writes {@code <dir>/ready} when up. Every
 * service, or those named in a second argument ({@code POSTGRES}, {@code KAFKA,POSTGRES}).
 */
public final class StackInChildJvm {

    private StackInChildJvm() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        EnumSet<DevStack.Service> services = EnumSet.allOf(DevStack.Service.class);
        if (args.length > 1) {
            services = EnumSet.noneOf(DevStack.Service.class);
            for (String name : args[1].split(",")) {
                services.add(DevStack.Service.valueOf(name));
            }
        }
        DevStack.start(DevStackTestSupport.propertiesIn(dir), services);
        Files.writeString(dir.resolve("ready"), "ready");
        new CountDownLatch(1).await();
    }
}
