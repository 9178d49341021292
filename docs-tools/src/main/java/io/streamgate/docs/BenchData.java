package io.streamgate.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One benchmark's results as the bench scripts write them: {@code bench/data/<benchmark>.csv}, one measurement a row,
 * {@code run,date,machine,command,metric,subject,x,value,unit} (bench/data/README.md says what each column holds).
 */
public record BenchData(List<Row> rows) {

    public static final List<String> COLUMNS =
            List.of("run", "date", "machine", "command", "metric", "subject", "x", "value", "unit");

    /** One measurement: {@code x} is the repeat (1, 2, 3), the percentile (50, 99, 99.9; 100 = max) or empty. */
    public record Row(String run, String date, String machine, String command, String metric, String subject,
                      String x, double value, String unit) {
    }

    public static BenchData read(Path csv) {
        try {
            return parse(Files.readString(csv, StandardCharsets.UTF_8), csv.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BenchData parse(String text, String name) {
        List<List<String>> records = records(text);
        if (records.isEmpty() || !records.getFirst().equals(COLUMNS)) {
            throw new IllegalArgumentException(name + ": the header must be " + String.join(",", COLUMNS));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> f = records.get(i);
            if (f.size() != COLUMNS.size()) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": " + f.size() + " fields, not "
                        + COLUMNS.size());
            }
            double value;
            try {
                value = Double.parseDouble(f.get(7));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": value '" + f.get(7)
                        + "' is not a number");
            }
            rows.add(new Row(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6), value, f.get(8)));
        }
        return new BenchData(List.copyOf(rows));
    }

    /** RFC 4180 records: fields split on commas, double quotes around fields that hold commas or quotes. */
    private static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || !field.isEmpty()) {
                    fields.add(field.toString());
                    records.add(fields);
                }
                fields = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (any || !field.isEmpty()) {
            fields.add(field.toString());
            records.add(fields);
        }
        return records;
    }

    public BenchData where(Predicate<Row> predicate) {
        return new BenchData(rows.stream().filter(predicate).toList());
    }

    public BenchData metric(String metric) {
        return where(r -> r.metric().equals(metric));
    }

    /** Runs in the order they first appear (the scripts append, so oldest first). */
    public List<String> runs() {
        return rows.stream().map(Row::run).distinct().toList();
    }

    public Optional<Row> first(String run) {
        return rows.stream().filter(r -> r.run().equals(run)).findFirst();
    }

    /** The median of a run's values for one subject (its repeats), if it has any. */
    public Optional<Double> median(String run, String subject) {
        double[] values = rows.stream().filter(r -> r.run().equals(run) && r.subject().equals(subject))
                .mapToDouble(Row::value).sorted().toArray();
        if (values.length == 0) {
            return Optional.empty();
        }
        int mid = values.length / 2;
        return Optional.of(values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2);
    }

    /** A run's values for one subject by x (percentiles), in file order. */
    public Map<String, Double> byX(String run, String subject) {
        Map<String, Double> values = new LinkedHashMap<>();
        rows.stream().filter(r -> r.run().equals(run) && r.subject().equals(subject))
                .forEach(r -> values.put(r.x(), r.value()));
        return values;
    }
}
