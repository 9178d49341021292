package io.streamgate.faultlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One application instance as the README's replica recipe runs it: {@code java -jar} the app's jar with every
 * address from the environment, on its own port, with its own data directory (Kafka Streams state). The lab kills it
 * ({@code kill -9}), freezes it ({@code SIGSTOP}) and starts it again.
 */
final class AppInstance {

    private final int number;
    private final int port;
    private final Path jar;
    private final String javaExecutable;
    private final Path dataDir;
    private final Path logFile;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    /** In the instance's data directory: its pid, for {@link #stopLeftover}. */
    private static final String PID_FILE = "app.pid";
    /** A system property on every instance's command line naming its data directory: {@link #stopLeftover} checks it. */
    private static final String MARKER = "streamgate.faultlab.instance";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    /** With {@code jvmOptions} after the lab's own JVM options. */
    AppInstance(int number, int port, Path jar, String java, Path labDir, Map<String, String> environment,
                List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.number = number;
        this.port = port;
        this.jar = jar;
        this.javaExecutable = java;
        this.dataDir = labDir.resolve("app-" + number);
        this.logFile = labDir.resolve("logs").resolve("app-" + number + ".log");
        this.environment = Map.copyOf(environment);
    }

    int number() {
        return number;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logFile.getParent());
            List<String> command = new ArrayList<>(List.of(javaExecutable, "-D" + MARKER + "=" + dataDir,
                    "-Xms256m", "-Xmx320m",
                    "-XX:MaxDirectMemorySize=128m", "-XX:+ExitOnOutOfMemoryError"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("ORDER_DETAILS_PORT", "-1");
            builder.environment().put("STREAMGATE_DATA_DIR", dataDir.toString());
            Files.writeString(logFile, "---- starting app " + number + " ----\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
            Files.writeString(dataDir.resolve(PID_FILE), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start app " + number, e);
        }
    }

    /** Waits until {@code /readyz} answers 200 (Kafka reachable, consumers assigned, the join running). */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process current = current();
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException("app " + number + " exited; see " + logFile);
            }
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("app " + number + " not ready within " + timeout + "; see " + logFile);
    }

    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void freeze() {
        signal("STOP");
    }

    void thaw() {
        signal("CONT");
    }

    /** SIGTERM: the app drains and closes its producers; killed after 30 s. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        thaw();
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Kills instance {@code number} of a lab in {@code labDir} that a killed lab JVM left running: the process its pid
     * file names, if its command line still carries this instance's marker (a reused pid belongs to someone else).
     */
    static void stopLeftover(Path labDir, int number) {
        Path dir = labDir.resolve("app-" + number);
        Path pidFile = dir.resolve(PID_FILE);
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid)
                    .filter(p -> p.info().commandLine().orElse("").contains("-D" + MARKER + "=" + dir))
                    .ifPresent(p -> {
                        p.destroyForcibly();
                        p.onExit().join();
                    });
            Files.delete(pidFile);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("Cannot read " + pidFile, e);
        }
    }

    private synchronized Process current() {
        return process;
    }

    private synchronized void signal(String signal) {
        if (process == null || !process.isAlive()) {
            return;
        }
        Signals.send(process.pid(), signal);
    }

    @Override
    public String toString() {
        return "app-" + number + " at " + baseUrl();
    }
}
