package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Both schedulers against the trivial server, one second each. */
@Timeout(30)
class TrivialServerEndToEndTest {

    private static HttpServer server;
    private static String url;

    @BeforeAll
    static void startServer() throws Exception {
        server = TrivialServer.start(0, 2);
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/payments";
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void closedLoop() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Report r = LoadGen.run(Options.parse("--url", url, "--connections", "4", "--duration", "1"),
                new PrintStream(progress, true));
        assertThat(r.responses()).isGreaterThan(100);
        assertThat(r.statusCounts()).containsOnlyKeys(201);
        assertThat(r.non2xx()).isZero();
        assertThat(r.errors()).isZero();
        assertThat(r.p50()).isPositive().isLessThanOrEqualTo(r.p99());
        assertThat(progress.toString()).contains("[   1s] measure");
        assertThat(r.toJson()).contains("\"status_counts\": {\"201\": " + r.responses() + "}");
    }

    @Test
    void openLoopAtAFixedRate() throws Exception {
        Report r = LoadGen.run(Options.parse("--url", url, "--mode", "open", "--rate", "300", "--duration", "1",
                "--connections", "8", "--initial-connections", "2"), new PrintStream(new ByteArrayOutputStream()));
        // 300 requests are intended in the one second; every one must be answered.
        assertThat(r.responses()).as(r.toText()).isEqualTo(300);
        assertThat(r.statusCounts()).containsEntry(201, 300L);
        assertThat(r.errors()).isZero();
        assertThat(r.toText()).contains("open loop, 300 req/s, 2..8 connections");
    }

    @Test
    void refusedConnectionsAreErrorsNotHangs() throws Exception {
        // A port nobody listens on (the server's, after being closed would be racy; 1 is never ours).
        Report r = LoadGen.run(Options.parse("--url", "http://127.0.0.1:1/", "--mode", "open", "--rate", "50",
                "--duration", "1", "--connections", "2"), new PrintStream(new ByteArrayOutputStream()));
        assertThat(r.responses()).isZero();
        assertThat(r.errors()).isEqualTo(50); // one per intended request
    }
}
