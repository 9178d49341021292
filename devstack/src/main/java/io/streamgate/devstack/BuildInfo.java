package io.streamgate.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the build resolved for the child processes ({@code devstack-build.properties}, filtered by Maven): the
 * broker's classpath file and the unpacked registry distribution. Both live in the build's output, so the dev stack
 * runs from a source checkout that was built, which is what it is for.
 */
record BuildInfo(Path brokerClasspathFile, String kafkaVersion, Path registryHome, String registryVersion) {

    private static final String RESOURCE = "devstack-build.properties";

    static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: build the devstack module with Maven");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + RESOURCE, e);
        }
        return new BuildInfo(
                Path.of(properties.getProperty("broker.classpath.file")),
                properties.getProperty("kafka.version"),
                Path.of(properties.getProperty("registry.home")),
                properties.getProperty("registry.version"));
    }

    String brokerClasspath() {
        try {
            return Files.readString(brokerClasspathFile).trim();
        } catch (IOException e) {
            throw new IllegalStateException("Kafka broker classpath " + brokerClasspathFile
                    + " not found: run ./mvnw -pl devstack -am test-compile (it is written by the build)", e);
        }
    }

    Path registryRunJar() {
        Path jar = registryHome.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Apicurio Registry distribution not found at " + registryHome
                    + ": run ./mvnw -pl devstack -am test-compile (it is unpacked by the build)");
        }
        return jar;
    }

    /** {@code port}, or a free port on 127.0.0.1 when it is 0. Resolved once, so a restart keeps the port. */
    static int resolvePort(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }
}
