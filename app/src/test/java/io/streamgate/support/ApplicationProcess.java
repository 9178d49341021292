package io.streamgate.support;

import io.streamgate.StreamgateApplication;
import io.streamgate.devstack.ChildWatchdog;
import io.streamgate.platform.avro.SchemaRegistryConnectionDetails;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * An extra instance of the application as a separate JVM process, on the test's shared stack: what a replica is in
 * production, so it can be killed ({@code kill -9}), paused ({@code SIGSTOP}/{@code SIGCONT}) or stopped cleanly.
 *
 * <p>It runs the test JVM's own {@code java} and classpath (so test-only beans are there too, behind their
 * properties), gets the stack's addresses the way a user passes them ({@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code SCHEMA_REGISTRY_URL}, {@code DATABASE_URL}, ...) and a free {@code PORT}, and {@link #start} returns once
 * {@code /readyz} answers 200. It never outlives the test JVM: it runs behind {@link ChildWatchdog}, which exits
 * when this JVM's end of its stdin pipe closes (however this JVM ends), and a shutdown hook kills what is left.
 * Output goes to {@code target/app-processes/<name>.log}.
 */
public final class ApplicationProcess implements AutoCloseable {

    /** The addresses of the shared test stack, as a user would export them. */
    public record Stack(String kafkaBootstrapServers, String schemaRegistryUrl, String databaseUrl,
                        String databaseUsername, String databasePassword) {

        public static Stack of(KafkaConnectionDetails kafka, SchemaRegistryConnectionDetails registry,
                               JdbcConnectionDetails database) {
            return new Stack(String.join(",", kafka.getBootstrapServers()), registry.url(), database.getJdbcUrl(),
                    database.getUsername(), database.getPassword());
        }

        Map<String, String> environment() {
            return Map.of("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers, "SCHEMA_REGISTRY_URL", schemaRegistryUrl,
                    "DATABASE_URL", databaseUrl, "DATABASE_USERNAME", databaseUsername,
                    "DATABASE_PASSWORD", databasePassword);
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final LoopResources CLIENT_LOOP = LoopResources.create("app-process-client", 1, true);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "application-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    /** Held, never written: when this JVM dies the pipe closes and the child's watchdog exits it. */
    private final OutputStream stdin;

    private ApplicationProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.stdin = process.getOutputStream();
    }

    /**
     * Starts an instance called {@code name} against {@code stack} and waits until it is ready.
     *
     * @param args Spring Boot arguments, e.g. {@code --streamgate.outbox.lease-duration=3s}
     */
    public static ApplicationProcess start(String name, Stack stack, String... args) {
        int port = freePort();
        Path log = Path.of("target", "app-processes", name + ".log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                ChildWatchdog.class.getName(), StreamgateApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(stack.environment());
        builder.environment().put("PORT", Integer.toString(port));
        try {
            Files.createDirectories(log.getParent());
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            LIVE.add(process);
            ApplicationProcess app = new ApplicationProcess(name, process, port, log);
            app.awaitReady();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start application process " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A client for this instance (own event loop, no pooled connections: a killed peer leaves none stale). */
    public WebTestClient client() {
        HttpClient http = HttpClient.newConnection().runOn(CLIENT_LOOP);
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(http)).baseUrl(baseUrl())
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** {@code kill -9}: no shutdown hook, no flush, no lease release. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** {@code SIGSTOP}: the process freezes with its connections open and its leases held. */
    public void pause() {
        signal("STOP");
    }

    /** {@code SIGCONT}. */
    public void resume() {
        signal("CONT");
    }

    /** {@code SIGTERM}, the graceful shutdown a platform sends; {@code SIGKILL} if it takes longer than 60 s. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        resume();
        process.destroy();
        if (!awaitExit(Duration.ofSeconds(60))) {
            kill();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The last lines of the instance's output, for assertion messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                LIVE.remove(process);
                closeStdin();
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name + " to exit", e);
        }
    }

    private void closeStdin() {
        try {
            stdin.close();
        } catch (IOException e) {
            // the process is gone; its pipe may already be broken
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        HttpRequest readyz = HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz"))
                .timeout(Duration.ofSeconds(5)).build();
        try (var http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with " + process.exitValue()
                                    + " before it was ready:\n" + logTail());
                        }
                        return http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            kill();
            throw new IllegalStateException(name + " was not ready within " + READY_TIMEOUT + ":\n" + logTail(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
