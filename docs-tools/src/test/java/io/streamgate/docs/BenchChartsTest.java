package io.streamgate.docs;

import io.streamgate.docs.BenchData.Row;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benchmark charts in docs/images are drawn from bench/data as it is now (and by BenchCharts as it is now): each
 * PNG carries the digest of its inputs. With {@code -Dstreamgate.docs.regenerate=true} the stale ones are drawn first.
 */
class BenchChartsTest {

    private final BenchCharts charts = new BenchCharts(DocsPaths.ROOT);

    @Test
    void everyChartIsDrawnFromTheCurrentData() {
        if (DocsPaths.REGENERATE) {
            charts.renderStale().forEach(c -> System.out.println("drew " + c.image()));
        }
        assertThat(charts.stale()).extracting(BenchCharts.Chart::name)
                .as("charts older than bench/data or BenchCharts (or missing); draw them with:%n  %s",
                        DocsPaths.REGENERATE_COMMAND)
                .isEmpty();
    }

    @Test
    void everyDataFileParsesAndHasAChart() throws IOException {
        List<String> drawn = BenchCharts.charts().stream().flatMap(c -> c.inputs().stream()).toList();
        try (Stream<Path> files = Files.list(DocsPaths.BENCH_DATA)) {
            for (Path csv : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
                BenchData data = BenchData.read(csv);
                assertThat(data.rows()).as(csv.toString()).isNotEmpty();
                assertThat(data.rows()).as("%s: every row names its run's date, machine and command", csv)
                        .allSatisfy(r -> assertThat(List.of(r.run(), r.date(), r.machine(), r.command()))
                                .doesNotContain(""));
                if (!csv.getFileName().toString().equals("submissions.csv")) {
                    assertThat(drawn).as("a chart for %s", csv.getFileName()).contains(csv.getFileName().toString());
                }
            }
        }
    }

    @Test
    void aChartIsStaleOnceItsDataChanges(@org.junit.jupiter.api.io.TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("bench/data"));
        Files.createDirectories(root.resolve("docs/images"));
        Files.createDirectories(root.resolve(BenchCharts.SOURCE).getParent());
        Files.copy(DocsPaths.ROOT.resolve(BenchCharts.SOURCE), root.resolve(BenchCharts.SOURCE));
        Files.copy(DocsPaths.BENCH_DATA.resolve("memory.csv"), root.resolve("bench/data/memory.csv"));
        BenchCharts local = new BenchCharts(root);
        BenchCharts.Chart memory = BenchCharts.charts().stream().filter(c -> c.name().equals("bench-memory"))
                .findFirst().orElseThrow();
        Files.write(local.image(memory), local.render(memory));
        assertThat(local.isCurrent(memory)).isTrue();

        Files.writeString(root.resolve("bench/data/memory.csv"),
                "20261201T000000Z,2026-12-01,\"2 cores, 24 GiB\",bench/memory.sh ./data,resident_memory,app,,500,MB\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(local.isCurrent(memory)).isFalse();
    }

    @Test
    void csvFieldsInQuotesKeepTheirCommasAndQuotes() {
        BenchData data = BenchData.parse(String.join(",", BenchData.COLUMNS) + "\n"
                + "r1,2026-12-01,\"2 cores, 24 GiB\",\"A=\"\"b\"\" bash x.sh\",throughput,streamgate,1,123.5,req/s\n"
                + "r1,2026-12-01,\"2 cores, 24 GiB\",bash x.sh,throughput,streamgate,2,125.5,req/s\n", "t.csv");
        assertThat(data.rows()).extracting(Row::machine).containsOnly("2 cores, 24 GiB");
        assertThat(data.rows().getFirst().command()).isEqualTo("A=\"b\" bash x.sh");
        assertThat(data.median("r1", "streamgate")).contains(124.5);
    }

    @Test
    void aRowThatIsNotANumberIsRefusedWithItsLine() {
        assertThatThrownBy(() -> BenchData.parse(String.join(",", BenchData.COLUMNS) + "\n"
                + "r1,2026-12-01,m,c,throughput,streamgate,1,n/a,req/s\n", "t.csv"))
                .hasMessageContaining("t.csv line 2").hasMessageContaining("n/a");
    }
}
