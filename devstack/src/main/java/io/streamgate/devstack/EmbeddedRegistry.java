package io.streamgate.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Apicurio Registry (the prebuilt Quarkus distribution, unpacked by the build) as a child process, with its SQL
 * storage in the {@code registry} database of the embedded Postgres: schemas and their ids survive restarts for as
 * long as the data directory does. Clients use its Confluent-compatible API, {@link #url()}. With the dev stack's CA
 * ({@link DevCertificates}) the same API is also served over HTTPS ({@link #httpsUrl()}), and the registry reaches
 * Postgres over TLS, the server's certificate verified.
 */
public final class EmbeddedRegistry {

    /** Quarkus' own entry point (the Main-Class of quarkus-run.jar), started behind the watchdog. */
    private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final BuildInfo build;
    private final EmbeddedPostgresServer postgres;
    private final int port;
    private final int managementPort;
    private final String heap;
    private final List<String> jvmOptions;
    private final Path workDir;
    private final Duration startupTimeout;
    private final ChildProcess child;
    private final int httpsPort;
    private final DevCertificates certificates;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    EmbeddedRegistry(BuildInfo build, EmbeddedPostgresServer postgres, Path dataDir, int port, int managementPort,
                     String heap, Duration startupTimeout, int httpsPort, DevCertificates certificates,
                     List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.certificates = certificates;
        this.httpsPort = certificates == null ? -1 : BuildInfo.resolvePort(httpsPort);
        this.build = build;
        this.postgres = postgres;
        this.port = BuildInfo.resolvePort(port);
        this.managementPort = BuildInfo.resolvePort(managementPort);
        this.heap = heap;
        this.workDir = dataDir.resolve("registry").toAbsolutePath().normalize();
        this.startupTimeout = startupTimeout;
        this.child = new ChildProcess("registry", dataDir);
    }

    /** The Confluent-compatible REST API base URL, {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    public int port() {
        return port;
    }

    /** The same API over HTTPS, {@code https://127.0.0.1:<https port>/apis/ccompat/v7}, with the CA's certificate. */
    public String httpsUrl() {
        if (certificates == null) {
            throw new IllegalStateException("This dev stack runs without TLS (streamgate.devstack.tls.enabled=false)");
        }
        return "https://127.0.0.1:" + httpsPort + "/apis/ccompat/v7";
    }

    public int managementPort() {
        return managementPort;
    }

    public boolean isRunning() {
        return child.isRunning();
    }

    /** Starts the registry (Postgres must be running) and waits for {@code /health/ready}. Idempotent. */
    public synchronized void start() {
        if (child.isRunning()) {
            return;
        }
        try {
            cleanUpStale();
            String runJar = build.registryRunJar().toString();
            List<String> options = new java.util.ArrayList<>(List.of(
                    "-Xmx" + heap,
                    "-XX:+ExitOnOutOfMemoryError",
                    // What quarkus-run.jar's manifest asks for when started with -jar.
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--enable-native-access=ALL-UNNAMED",
                    "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.management.host=127.0.0.1",
                    "-Dquarkus.management.port=" + managementPort,
                    "-Dapicurio.storage.kind=sql",
                    "-Dapicurio.storage.sql.kind=postgresql",
                    "-Dapicurio.datasource.url=" + (certificates == null
                            ? postgres.jdbcUrl(DevStack.REGISTRY_DATABASE)
                            : postgres.tlsJdbcUrl(DevStack.REGISTRY_DATABASE)),
                    "-Dapicurio.datasource.username=" + postgres.username(),
                    "-Dapicurio.datasource.password=" + postgres.password(),
                    // The distribution's pool starts 20 connections; a dev registry needs a few.
                    "-Dapicurio.datasource.jdbc.initial-size=2",
                    "-Dapicurio.datasource.jdbc.min-size=2",
                    "-Dapicurio.datasource.jdbc.max-size=20",
                    "-Dquarkus.http.access-log.enabled=false",
                    "-Dquarkus.log.console.format=%d{yyyy-MM-dd HH:mm:ss,SSS} %p [%c{3.}] (%t) %m%n",
                    "-Dapicurio.import.work-dir=" + workDir,
                    "-Dapicurio.storage.snapshot.location=" + workDir,
                    "-Djava.io.tmpdir=" + workDir));
            if (certificates != null) {
                // Quarkus serves HTTPS beside HTTP from the PEM files (insecure requests stay enabled on the HTTP port).
                options.addAll(List.of(
                        "-Dquarkus.http.ssl-port=" + httpsPort,
                        "-Dquarkus.http.ssl.certificate.files=" + certificates.serverCertificate(),
                        "-Dquarkus.http.ssl.certificate.key-files=" + certificates.serverKey(),
                        "-Dquarkus.http.ssl.protocols=TLSv1.3,TLSv1.2",
                        "-Dquarkus.http.insecure-requests=enabled"));
            }
            options.addAll(jvmOptions);
            child.start(runJar, options, QUARKUS_MAIN, List.of(), workDir);
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Apicurio Registry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the registry", e);
        }
    }

    /** Graceful stop (SIGTERM), then kill. Ports and schemas are kept. */
    public synchronized void stop() {
        child.stop(STOP_GRACE);
    }

    private void awaitReady() throws InterruptedException {
        URI health = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (true) {
            child.checkAlive();
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Apicurio Registry not ready at " + health + " within "
                        + startupTimeout + "; log " + child.logFile() + ":\n" + child.tailOfLog());
            }
            Thread.sleep(100);
        }
    }

    Path logFile() {
        return child.logFile();
    }

    /** Stops a registry a killed JVM left running on this data directory (its pid file names it). */
    void cleanUpStale() {
        if (!child.isRunning()) {
            child.cleanUpStale(STOP_GRACE);
        }
    }

    String version() {
        return build.registryVersion();
    }

    @Override
    public String toString() {
        return "Apicurio Registry " + build.registryVersion() + " at " + url();
    }
}
