package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsAreAClosedLoopOnThePaymentsEndpoint() {
        Options o = Options.parse();
        assertThat(o.url().toString()).isEqualTo("http://127.0.0.1:8000/payments");
        assertThat(o.port()).isEqualTo(8000);
        assertThat(o.requestPath()).isEqualTo("/payments");
        assertThat(o.method()).isEqualTo("POST");
        assertThat(o.mode()).isEqualTo(Options.Mode.CLOSED);
        assertThat(o.connections()).isEqualTo(64);
        assertThat(o.bodyTemplate()).contains("CUST-%d");
        assertThat(o.customers()).isEqualTo(1000);
        assertThat(o.help()).isFalse();
    }

    @Test
    void openLoopWithRepeatedHeadersAndEqualsForm() {
        Options o = Options.parse("--mode", "open", "--rate=5000", "--url", "http://localhost:8080/a/b?x=1",
                "--header", "X-Request-ID: r1", "--header", "Prefer: respond-async", "--warmup", "5",
                "--duration", "30", "--report", "out/r.json", "--connections", "100", "--method", "put");
        assertThat(o.mode()).isEqualTo(Options.Mode.OPEN);
        assertThat(o.rate()).isEqualTo(5000.0);
        assertThat(o.requestPath()).isEqualTo("/a/b?x=1");
        assertThat(o.hostHeader()).isEqualTo("localhost:8080");
        assertThat(o.headers()).containsExactly("X-Request-ID: r1", "Prefer: respond-async");
        assertThat(o.connections()).isEqualTo(100);
        assertThat(o.initialConnections()).isEqualTo(16);
        assertThat(o.method()).isEqualTo("PUT");
        assertThat(o.report()).isEqualTo(Path.of("out/r.json"));
        assertThat(o.address().isLoopbackAddress()).isTrue();
    }

    @Test
    void helpNeedsNothingElse() {
        assertThat(Options.parse("--help").help()).isTrue();
        assertThat(Options.USAGE).contains("--mode closed|open").contains("--rate");
    }

    @Test
    void mistakesAreReportedBeforeAnyLoad() {
        assertThatThrownBy(() -> Options.parse("--duration", "3601"))
                .isInstanceOf(Options.UsageException.class).hasMessageContaining("between 1 and 3600");
        assertThatThrownBy(() -> Options.parse("--warmup", "1800", "--duration", "1801"))
                .hasMessageContaining("must not exceed 3600");
        assertThatThrownBy(() -> Options.parse("--mode", "open")).hasMessageContaining("needs --rate");
        assertThatThrownBy(() -> Options.parse("--rate", "10")).hasMessageContaining("open only");
        assertThatThrownBy(() -> Options.parse("--mode", "sideways")).hasMessageContaining("closed or open");
        assertThatThrownBy(() -> Options.parse("--bogus", "1")).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> Options.parse("--url")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Options.parse("stray")).hasMessageContaining("unexpected argument");
        assertThatThrownBy(() -> Options.parse("--connections", "x")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Options.parse("--url", "https://127.0.0.1/"))
                .hasMessageContaining("http://host");
    }

    @Test
    void nonLoopbackTargetsAreRefused() {
        assertThatThrownBy(() -> Options.parse("--url", "http://10.0.0.5:8000/payments"))
                .isInstanceOf(Options.UsageException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> Options.parse("--url", "http://example.com/"))
                .hasMessageContaining("loopback");
    }
}
