package io.streamgate.docs;

import io.streamgate.docs.BenchData.Row;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark charts beside docs/benchmarks.md: {@code docs/images/bench-*.png}, drawn with JFreeChart from the
 * CSV files the bench scripts append to ({@code bench/data}). Each chart names its runs' dates, the machine and the
 * command, and carries the SHA-256 of its inputs (the CSV files and this class's source) in a PNG text chunk, so
 * {@code BenchChartsTest} finds a stale chart without drawing it again.
 */
public final class BenchCharts {

    public static final String DIGEST_KEY = "streamgate-chart-inputs";
    static final Path SOURCE = Path.of("docs-tools/src/main/java/io/streamgate/docs/BenchCharts.java");
    private static final Color STREAMGATE = new Color(0x2E6FBF);
    private static final Color BARE = new Color(0x8AA8C8);
    private static final Color OTHER = new Color(0xC8C8C8);
    private static final Color TARGET = new Color(0xC0392B);
    private static final DecimalFormat INTEGER = new DecimalFormat("#,##0");
    private static final DecimalFormat DECIMAL = new DecimalFormat("#,##0.#");

    /** One chart: its file name, the CSV files it draws, and how. */
    public record Chart(String name, List<String> inputs, Function<Map<String, BenchData>, BufferedImage> draw) {
        public String image() {
            return name + ".png";
        }
    }

    private final Path root;

    public BenchCharts(Path root) {
        this.root = root;
    }

    public static List<Chart> charts() {
        return List.of(
                new Chart("bench-payments-throughput", List.of("payments.csv"),
                        d -> paymentsThroughput(d.get("payments.csv"))),
                new Chart("bench-payments-latency", List.of("payments.csv"),
                        d -> paymentsLatency(d.get("payments.csv"))),
                new Chart("bench-orders", List.of("orders.csv"), d -> orders(d.get("orders.csv"))),
                new Chart("bench-trips", List.of("trips.csv"), d -> trips(d.get("trips.csv"))),
                new Chart("bench-orderdetails", List.of("orderdetails.csv"),
                        d -> orderDetails(d.get("orderdetails.csv"))),
                new Chart("bench-memory", List.of("memory.csv"), d -> memory(d.get("memory.csv"))),
                new Chart("bench-retention", List.of("retention.csv"), d -> retention(d.get("retention.csv"))));
    }

    /** The digest a chart's PNG must carry: its input files and this class's source. */
    public String digest(Chart chart) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String input : chart.inputs()) {
                sha.update(Files.readAllBytes(root.resolve("bench/data").resolve(input)));
            }
            sha.update(Files.readString(root.resolve(SOURCE), StandardCharsets.UTF_8).replace("\r\n", "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path image(Chart chart) {
        return root.resolve("docs/images").resolve(chart.image());
    }

    public boolean isCurrent(Chart chart) {
        try {
            Path image = image(chart);
            return Files.exists(image) && digest(chart).equals(PngText.read(Files.readAllBytes(image)).get(DIGEST_KEY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Chart> stale() {
        return charts().stream().filter(c -> !isCurrent(c)).toList();
    }

    /** Draws every stale chart; returns them. */
    public List<Chart> renderStale() {
        List<Chart> stale = stale();
        for (Chart chart : stale) {
            try {
                Files.write(image(chart), render(chart));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stale;
    }

    public byte[] render(Chart chart) {
        Map<String, BenchData> data = new LinkedHashMap<>();
        for (String input : chart.inputs()) {
            data.put(input, BenchData.read(root.resolve("bench/data").resolve(input)));
        }
        BufferedImage image = chart.draw().apply(data);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PngText.withText(png.toByteArray(), DIGEST_KEY, digest(chart));
    }

    // ---- the charts ----

    static BufferedImage paymentsThroughput(BenchData csv) {
        BenchData data = csv.metric("throughput");
        List<String> runs = data.where(r -> r.subject().equals("streamgate")).runs();
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        Map<String, String> series = new LinkedHashMap<>();
        series.put("streamgate", "Streamgate POST /payments");
        series.put("bare", "bare WebFlux + kafka-clients app");
        series.put("trivial", "trivial HTTP server (no Kafka)");
        for (String run : runs) {
            series.forEach((subject, label) ->
                    data.median(run, subject).ifPresent(v -> dataset.addValue(v, label, runLabel(run))));
        }
        JFreeChart chart = ChartFactory.createBarChart("Payments: acknowledged requests per second (closed loop)",
                null, "requests/s, median of the run's repeats", dataset);
        CategoryPlot plot = style(chart);
        BarRenderer bars = bars(plot);
        List<Color> colors = List.of(STREAMGATE, BARE, OTHER);
        List<String> labels = List.copyOf(series.values());
        for (int i = 0; i < labels.size(); i++) {
            int row = dataset.getRowIndex(labels.get(i));
            if (row >= 0) {
                bars.setSeriesPaint(row, colors.get(i));
            }
        }
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", INTEGER));
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 8));
        bars.setItemMargin(0.0);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        about(chart, data.where(r -> runs.contains(r.run())),
                "wrk -t2 -c64 with bench/payments.lua, acks=all, 201 after the ack; Kafka's own "
                        + "ProducerPerformance (300k+ records/s) is in the CSV, off this scale");
        return draw(1250, 620, chart);
    }

    static BufferedImage paymentsLatency(BenchData csv) {
        BenchData data = csv.where(r -> r.metric().startsWith("open_loop_latency_at_"));
        List<String> withBare = data.where(r -> r.subject().equals("bare")).runs();
        List<String> runs = new ArrayList<>();
        if (!withBare.isEmpty()) {
            runs.add(withBare.getLast());
        }
        List<String> all = data.runs();
        if (!all.isEmpty() && !runs.contains(all.getFirst())) {
            runs.addFirst(all.getFirst());
        }
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        List<Color> colors = new ArrayList<>();
        for (String run : runs) {
            for (String subject : List.of("streamgate", "bare")) {
                Map<String, Double> byX = data.byX(run, subject);
                if (byX.isEmpty()) {
                    continue;
                }
                String label = (subject.equals("bare") ? "bare app" : "Streamgate") + ", " + runLabel(run);
                byX.forEach((x, v) -> dataset.addValue(v, label, percentile(x)));
                colors.add(run.equals(runs.getLast()) ? (subject.equals("bare") ? BARE : STREAMGATE) : OTHER);
            }
        }
        String rate = data.rows().isEmpty() ? "?" : data.rows().getFirst().metric().replace("open_loop_latency_at_", "");
        JFreeChart chart = ChartFactory.createLineChart("Payments: latency at a fixed " + INTEGER.format(
                Double.parseDouble(rate)) + " requests/s (open loop, HdrHistogram)", "percentile",
                "ms from the intended send time (log scale)", dataset);
        CategoryPlot plot = style(chart);
        LogAxis log = new LogAxis("ms from the intended send time (log scale)");
        log.setBase(10);
        log.setSmallestValue(0.1);
        log.setTickUnit(new NumberTickUnit(Math.log10(2)));
        log.setMinorTickCount(1);
        log.setMinorTickMarksVisible(true);
        log.setNumberFormatOverride(DECIMAL);
        plot.setRangeAxis(log);
        LineAndShapeRenderer lines = new LineAndShapeRenderer(true, true);
        for (int i = 0; i < colors.size(); i++) {
            lines.setSeriesPaint(i, colors.get(i));
            lines.setSeriesStroke(i, new BasicStroke(2.2f));
        }
        lines.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", DECIMAL));
        lines.setDefaultItemLabelsVisible(true);
        plot.setRenderer(lines);
        about(chart, data.where(r -> runs.contains(r.run())),
                "loadgen --mode open --rate " + rate + ", 30 s after 5 s of warm-up; the bare app is the same "
                        + "run's floor for the tail");
        return draw(1000, 600, chart);
    }

    static BufferedImage orders(BenchData csv) {
        BenchData created = csv.metric("orders_created");
        DefaultCategoryDataset throughput = new DefaultCategoryDataset();
        for (String run : created.runs()) {
            created.median(run, "streamgate").ifPresent(v -> throughput.addValue(v, "orders created/s",
                    runLabel(run) + " " + note(created.first(run).orElseThrow().command())));
        }
        JFreeChart top = ChartFactory.createBarChart("Orders through the outbox: orders created per second "
                + "(closed loop, 64 connections)", null, "orders/s, median of 3", throughput);
        CategoryPlot plot = style(top);
        BarRenderer bars = bars(plot, STREAMGATE);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", INTEGER));
        bars.setDefaultItemLabelsVisible(true);
        target(plot, 3000, "target 3,000/s");
        wrapLabels(plot);
        top.removeLegend();
        about(top, created, null);

        BenchData lag = csv.where(r -> r.metric().startsWith("outbox_") && r.x().equals("99"));
        DefaultCategoryDataset lags = new DefaultCategoryDataset();
        for (String run : lag.runs()) {
            for (Row row : lag.where(r -> r.run().equals(run)).rows()) {
                lags.addValue(row.value(), row.metric().startsWith("outbox_oldest_row")
                        ? "oldest unpublished row, sampled every 0.5 s" : "relay's append-to-ack histogram",
                        runLabel(run) + " " + note(row.command()));
            }
        }
        JFreeChart bottom = ChartFactory.createBarChart("Outbox lag p99 at a fixed 1,000 orders/s", null,
                "ms", lags);
        CategoryPlot lagPlot = style(bottom);
        BarRenderer lagBars = bars(lagPlot, STREAMGATE, BARE);
        lagBars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", INTEGER));
        lagBars.setDefaultItemLabelsVisible(true);
        target(lagPlot, 200, "target p99 200 ms");
        wrapLabels(lagPlot);
        return stack(1100, 1150, top, bottom);
    }

    static BufferedImage trips(BenchData csv) {
        String run = csv.runs().getLast();
        BenchData data = csv.where(r -> r.run().equals(run));
        DefaultCategoryDataset joined = new DefaultCategoryDataset();
        data.metric("joined_over_backlog").rows().forEach(r -> joined.addValue(r.value(), "joined", "joined trips/s"));
        data.metric("backlog_load").rows().forEach(r -> joined.addValue(r.value() / 3, "joined",
                "trips/s ingested over HTTP (join off)"));
        JFreeChart left = ChartFactory.createBarChart("Over a backlog", null, "trips/s", joined);
        CategoryPlot leftPlot = style(left);
        BarRenderer bars = bars(leftPlot, STREAMGATE);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", INTEGER));
        bars.setDefaultItemLabelsVisible(true);
        target(leftPlot, 5000, "target 5,000/s");
        left.removeLegend();

        DefaultCategoryDataset latency = new DefaultCategoryDataset();
        data.byX(run, "streamgate").keySet();
        for (Row row : data.metric("ingest_to_joined_at_1000").rows()) {
            latency.addValue(row.value(), "third part's ingest -> joined record", percentile(row.x()));
        }
        JFreeChart right = ChartFactory.createBarChart("At a fixed 1,000 trips/s: third part's ingest to the joined "
                + "record", "percentile", "ms", latency);
        CategoryPlot rightPlot = style(right);
        BarRenderer latencyBars = bars(rightPlot, STREAMGATE);
        latencyBars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", INTEGER));
        latencyBars.setDefaultItemLabelsVisible(true);
        target(rightPlot, 500, "target p99 500 ms");
        right.removeLegend();
        BufferedImage panels = beside(1100, 520, left, 0.34, right);
        return titled(panels, "Trips join (Kafka Streams, exactly_once_v2)", data);
    }

    static BufferedImage orderDetails(BenchData csv) {
        BenchData visibility = csv.metric("visibility_at_1000");
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (String run : visibility.runs()) {
            String label = runLabel(run) + " " + note(visibility.first(run).orElseThrow().command());
            visibility.byX(run, "streamgate").forEach((x, v) -> {
                if (!x.equals("100")) {
                    dataset.addValue(v, percentile(x), label);
                }
            });
        }
        JFreeChart chart = ChartFactory.createBarChart("Order details: 201 of POST /orders to the order visible in "
                + "GET /order-details, at 1,000 orders/s", null, "ms (log scale)", dataset);
        CategoryPlot plot = style(chart);
        bars(plot, BARE, STREAMGATE, new Color(0x1B3F6E));
        LogAxis log = new LogAxis("ms (log scale)");
        log.setSmallestValue(1);
        log.setTickUnit(new NumberTickUnit(Math.log10(2)));
        log.setMinorTickCount(1);
        log.setMinorTickMarksVisible(true);
        log.setNumberFormatOverride(INTEGER);
        plot.setRangeAxis(log);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", DECIMAL));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        target(plot, 250, "target p99 250 ms");
        wrapLabels(plot);
        BenchData backlog = csv.metric("backlog_applied");
        String backlogLine = backlog.rows().isEmpty() ? null : "catching up on a backlog: " + INTEGER.format(
                backlog.rows().getLast().value()) + " events/s (target 5,000), run " + backlog.rows().getLast().run()
                + ": " + backlog.rows().getLast().command();
        about(chart, visibility, backlogLine);
        return draw(1100, 640, chart);
    }

    static BufferedImage memory(BenchData csv) {
        BenchData data = csv.metric("resident_memory");
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (String run : data.runs()) {
            String label = runLabel(run) + " " + note(data.first(run).orElseThrow().command());
            for (Row row : data.where(r -> r.run().equals(run)).rows()) {
                dataset.addValue(row.value(), row.subject(), label);
            }
        }
        JFreeChart chart = ChartFactory.createStackedBarChart("Memory: resident size of the whole embedded stack "
                + "after the payments benchmark", null, "MB (PSS)", dataset);
        CategoryPlot plot = style(chart);
        BarRenderer bars = bars(plot, STREAMGATE, new Color(0xE67E22), new Color(0x27AE60), BARE);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", INTEGER));
        bars.setDefaultItemLabelsVisible(true);
        bars.setMaximumBarWidth(0.12);
        target(plot, 1536, "1.5 GB: the laptop budget");
        about(chart, data, "the 2026-11-21 run measured no Postgres");
        return draw(1000, 600, chart);
    }

    /** The last run: each table's size per minute, and each sweep run's duration, both flat once rows expire. */
    static BufferedImage retention(BenchData csv) {
        String run = csv.runs().getLast();
        BenchData data = csv.where(r -> r.run().equals(run));
        DefaultCategoryDataset sizes = new DefaultCategoryDataset();
        for (Row row : data.metric("table_mb").rows()) {
            sizes.addValue(row.value(), row.subject(), row.x());
        }
        JFreeChart left = ChartFactory.createLineChart("Table size, once a minute", "minute of the run", "MB",
                sizes);
        CategoryPlot leftPlot = style(left);
        leftPlot.setRenderer(lines(STREAMGATE, new Color(0xE67E22)));
        sparseLabels(leftPlot, sizes.getColumnCount());
        // The runs that deleted about a minute's worth; the others are a second replica's pass a few seconds after one,
        // deleting what expired meanwhile (a few hundred rows).
        DefaultCategoryDataset sweeps = new DefaultCategoryDataset();
        for (String table : List.of("processed_events", "idempotency_keys")) {
            Map<String, Double> rows = data.metric("sweep_rows").byX(run, table);
            int n = 0;
            for (Row row : data.metric("sweep_ms").where(r -> r.subject().equals(table)).rows()) {
                if (rows.getOrDefault(row.x(), 0.0) >= 10_000) {
                    sweeps.addValue(row.value(), table, String.valueOf(++n));
                }
            }
        }
        JFreeChart right = ChartFactory.createLineChart("Each sweep run that deleted a minute's rows (≥ 10,000)",
                "run", "ms", sweeps);
        CategoryPlot rightPlot = style(right);
        rightPlot.setRenderer(lines(STREAMGATE, new Color(0xE67E22)));
        sparseLabels(rightPlot, sweeps.getColumnCount());
        BufferedImage panels = beside(1100, 480, left, 0.5, right);
        return titled(panels, "Retention sweeps: processed_events and idempotency_keys at a steady write rate", data);
    }

    private static LineAndShapeRenderer lines(Color... colors) {
        LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, false);
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        return renderer;
    }

    /** Every tenth category label, so a run of 60 minutes stays readable. */
    private static void sparseLabels(CategoryPlot plot, int categories) {
        CategoryAxis axis = plot.getDomainAxis();
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        axis.setMaximumCategoryLabelWidthRatio(8f);
        for (int i = 0; i < categories; i++) {
            Comparable<?> key = plot.getDataset().getColumnKey(i);
            if ((i + 1) % 10 != 0 && i != 0) {
                axis.setTickLabelPaint(key, new Color(0, 0, 0, 0));
            }
        }
    }

    // ---- helpers ----

    private static final Pattern STAMP = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})");
    private static final Pattern NOTE = Pattern.compile("\\(([^()]*)\\)\\s*$");

    /** {@code 20261123T191451Z} as {@code 2026-11-23 19:14}. */
    static String runLabel(String run) {
        Matcher m = STAMP.matcher(run);
        return m.find() ? m.group(1) + "-" + m.group(2) + "-" + m.group(3) + " " + m.group(4) + ":" + m.group(5) : run;
    }

    /** The parenthesised note at the end of a command, as a short label. */
    private static String note(String command) {
        Matcher m = NOTE.matcher(command);
        return m.find() ? m.group(1) : "";
    }

    static String percentile(String x) {
        return x.equals("100") ? "max" : "p" + x;
    }

    private static CategoryPlot style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setOutlineVisible(false);
        CategoryAxis domain = plot.getDomainAxis();
        domain.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        domain.setMaximumCategoryLabelLines(3);
        if (plot.getRangeAxis() instanceof NumberAxis number) {
            number.setNumberFormatOverride(INTEGER);
            number.setUpperMargin(0.12);
        }
        return plot;
    }

    private static void wrapLabels(CategoryPlot plot) {
        CategoryAxis domain = plot.getDomainAxis();
        domain.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        domain.setMaximumCategoryLabelLines(4);
        domain.setMaximumCategoryLabelWidthRatio(0.95f);
    }

    private static BarRenderer bars(CategoryPlot plot, Color... colors) {
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        for (int i = 0; i < colors.length; i++) {
            bars.setSeriesPaint(i, colors[i]);
        }
        return bars;
    }

    private static void target(CategoryPlot plot, double value, String label) {
        ValueMarker marker = new ValueMarker(value, TARGET, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10, new float[]{6, 4}, 0));
        marker.setLabel(label);
        marker.setLabelPaint(TARGET);
        marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        plot.addRangeMarker(marker);
        if (plot.getRangeAxis() instanceof NumberAxis number && number.getUpperBound() < value * 1.1) {
            number.setAutoRangeIncludesZero(true);
            plot.getRangeAxis().setUpperBound(value * 1.15);
        }
    }

    /** Subtitles naming the runs' dates, the machine and the command(s), and the data file. */
    private static void about(JFreeChart chart, BenchData data, String extra) {
        for (String line : aboutLines(data, extra)) {
            TextTitle title = new TextTitle(line, new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            title.setPaint(new Color(0x444444));
            chart.addSubtitle(title);
        }
    }

    static List<String> aboutLines(BenchData data, String extra) {
        Set<String> dates = new LinkedHashSet<>();
        Set<String> machines = new LinkedHashSet<>();
        Set<String> commands = new LinkedHashSet<>();
        for (Row row : data.rows()) {
            dates.add(row.date());
            machines.add(row.machine().replaceAll(", load [0-9.]+$", ""));
            commands.add(row.command().replaceAll("\\s*\\([^()]*\\)\\s*$", ""));
        }
        List<String> lines = new ArrayList<>();
        lines.add((dates.size() == 1 ? "run of " : "runs of ") + String.join(", ", dates) + "  |  machine: "
                + String.join("; ", machines) + ", shared by broker, registry, Postgres, app and load generator"
                + (data.rows().stream().anyMatch(r -> r.machine().contains("load")) ? " (load average per run in "
                + "the CSV)" : ""));
        lines.add("command: " + String.join("  |  ", commands));
        if (extra != null) {
            lines.add(extra);
        }
        return lines;
    }

    private static BufferedImage draw(int width, int height, JFreeChart chart) {
        BufferedImage image = canvas(width, height);
        Graphics2D g = graphics(image);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        g.dispose();
        return image;
    }

    private static BufferedImage stack(int width, int height, JFreeChart top, JFreeChart bottom) {
        BufferedImage image = canvas(width, height);
        Graphics2D g = graphics(image);
        top.draw(g, new Rectangle2D.Double(0, 0, width, height * 0.52));
        bottom.draw(g, new Rectangle2D.Double(0, height * 0.52, width, height * 0.48));
        g.dispose();
        return image;
    }

    private static BufferedImage beside(int width, int height, JFreeChart left, double share, JFreeChart right) {
        BufferedImage image = canvas(width, height);
        Graphics2D g = graphics(image);
        left.draw(g, new Rectangle2D.Double(0, 0, width * share, height));
        right.draw(g, new Rectangle2D.Double(width * share, 0, width * (1 - share), height));
        g.dispose();
        return image;
    }

    /** Panels under a title and the lines naming date, machine and command. */
    private static BufferedImage titled(BufferedImage panels, String title, BenchData data) {
        List<String> lines = aboutLines(data, null);
        int header = 34 + 17 * lines.size();
        BufferedImage image = canvas(panels.getWidth(), panels.getHeight() + header);
        Graphics2D g = graphics(image);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, (image.getWidth() - g.getFontMetrics().stringWidth(title)) / 2, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(new Color(0x444444));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            g.drawString(line, (image.getWidth() - g.getFontMetrics().stringWidth(line)) / 2, 42 + 17 * i);
        }
        g.drawImage(panels, 0, header, null);
        g.dispose();
        return image;
    }

    private static BufferedImage canvas(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }
}
