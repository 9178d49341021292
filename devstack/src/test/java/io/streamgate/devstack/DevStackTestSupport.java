package io.streamgate.devstack;

import java.nio.file.Path;

final class DevStackTestSupport {

    private DevStackTestSupport() {
    }

    /** Default settings, all ports free ones, in {@code dir}. */
    static DevStackProperties propertiesIn(Path dir) {
        DevStackProperties free = DevStackProperties.defaults().withFreePortsIn(dir);
        return new DevStackProperties(true, false, dir, free.startupTimeout(), free.brokers(), free.netns(), free.kafka(),
                free.registry(), free.postgres(), free.tls());
    }
}
