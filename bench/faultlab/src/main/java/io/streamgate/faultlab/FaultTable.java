package io.streamgate.faultlab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The lab's figures per fault, from the ledger, the checker's findings and when each fault ran. A request belongs to
 * the fault whose window (injection to the end of the quiet period after the heal) holds its start; the rest is
 * "steady".
 *
 * <ul>
 *   <li>acknowledged: 2xx answers; lost: acknowledged and not found (must be 0); duplicated: found more than
 *       once;</li>
 *   <li>unavailable: per kind of request, from its first failure (5xx, timeout, reset, no instance) in the window to
 *       its first success after that, the longest over the kinds;</li>
 *   <li>recovery: from the heal to the first 2-second bucket whose acknowledged requests reach 90 % of the rate
 *       before the fault.</li>
 * </ul>
 */
final class FaultTable {

    static final Duration BUCKET = Duration.ofSeconds(2);
    static final double FULL = 0.9;

    record Row(String fault, long requests, long acknowledged, long refused, long failed, long indeterminate,
               long lost, long duplicated, Optional<Duration> unavailable, String unavailableOp,
               Optional<Duration> recovery) {
    }

    private FaultTable() {
    }

    static List<Row> rows(List<Ledger.Entry> entries, Map<Long, Integer> found, List<Fault.Window> windows) {
        List<Row> rows = new ArrayList<>();
        for (Fault.Window window : windows) {
            List<Ledger.Entry> in = entries.stream().filter(e -> window.contains(e.startMillis())).toList();
            List<Ledger.Entry> before = entries.stream()
                    .filter(e -> e.startMillis() >= window.beforeMillis() && e.startMillis() < window.injectedMillis())
                    .toList();
            rows.add(row(window.name(), in, found, window, before));
        }
        List<Ledger.Entry> steady = entries.stream()
                .filter(e -> windows.stream().noneMatch(w -> w.contains(e.startMillis()))).toList();
        rows.add(row("steady (no fault)", steady, found, null, List.of()));
        return rows;
    }

    private static Row row(String name, List<Ledger.Entry> in, Map<Long, Integer> found, Fault.Window window,
                           List<Ledger.Entry> before) {
        long ok = count(in, Ledger.Outcome.OK);
        long lost = in.stream().filter(e -> e.outcome() == Ledger.Outcome.OK && found.get(e.seq()) != null
                && found.get(e.seq()) == 0).count();
        long duplicated = in.stream().filter(e -> found.get(e.seq()) != null && found.get(e.seq()) > 1).count();
        Optional<Duration> unavailable = Optional.empty();
        String unavailableOp = "";
        Optional<Duration> recovery = Optional.empty();
        if (window != null) {
            Map<String, List<Ledger.Entry>> byOp = new HashMap<>();
            in.forEach(e -> byOp.computeIfAbsent(e.op(), op -> new ArrayList<>()).add(e));
            Duration longest = Duration.ZERO;
            for (var kind : byOp.entrySet()) {
                Duration gap = unavailable(kind.getValue(), window.endMillis());
                if (gap.compareTo(longest) > 0) {
                    longest = gap;
                    unavailableOp = kind.getKey();
                }
            }
            unavailable = Optional.of(longest);
            recovery = recovery(in, before, window);
        }
        return new Row(name, in.size(), ok, count(in, Ledger.Outcome.REFUSED), count(in, Ledger.Outcome.FAILED),
                count(in, Ledger.Outcome.INDETERMINATE), lost, duplicated, unavailable, unavailableOp, recovery);
    }

    /** First failure to the first success after it, by start time; to the window's end if none came. */
    static Duration unavailable(List<Ledger.Entry> entries, long windowEnd) {
        List<Ledger.Entry> sorted = entries.stream()
                .sorted(java.util.Comparator.comparingLong(Ledger.Entry::startMillis)).toList();
        Long firstFailure = null;
        for (Ledger.Entry entry : sorted) {
            boolean failure = entry.outcome() == Ledger.Outcome.FAILED
                    || entry.outcome() == Ledger.Outcome.INDETERMINATE;
            if (firstFailure == null && failure) {
                firstFailure = entry.startMillis();
            } else if (firstFailure != null && entry.outcome() == Ledger.Outcome.OK) {
                return Duration.ofMillis(entry.startMillis() - firstFailure);
            }
        }
        return firstFailure == null ? Duration.ZERO : Duration.ofMillis(windowEnd - firstFailure);
    }

    /** From the heal to the first bucket at 90 % of the acknowledged rate before the fault; empty if never. */
    static Optional<Duration> recovery(List<Ledger.Entry> in, List<Ledger.Entry> before, Fault.Window window) {
        long beforeMillis = window.injectedMillis() - window.beforeMillis();
        if (beforeMillis <= 0 || before.isEmpty()) {
            return Optional.empty();
        }
        double perBucket = count(before, Ledger.Outcome.OK) * (double) BUCKET.toMillis() / beforeMillis;
        for (long start = window.healedMillis(); start + BUCKET.toMillis() <= window.endMillis();
             start += BUCKET.toMillis()) {
            long from = start;
            long ok = in.stream().filter(e -> e.outcome() == Ledger.Outcome.OK && e.startMillis() >= from
                    && e.startMillis() < from + BUCKET.toMillis()).count();
            if (ok >= FULL * perBucket) {
                return Optional.of(Duration.ofMillis(start - window.healedMillis()));
            }
        }
        return Optional.empty();
    }

    private static long count(List<Ledger.Entry> entries, Ledger.Outcome outcome) {
        return entries.stream().filter(e -> e.outcome() == outcome).count();
    }

    static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| fault | requests | acknowledged | lost | duplicated | refused | failed | indeterminate "
                + "| unavailable | recovery |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n");
        for (Row row : rows) {
            out.append("| ").append(row.fault())
                    .append(" | ").append(row.requests())
                    .append(" | ").append(row.acknowledged())
                    .append(" | ").append(row.lost())
                    .append(" | ").append(row.duplicated())
                    .append(" | ").append(row.refused())
                    .append(" | ").append(row.failed())
                    .append(" | ").append(row.indeterminate())
                    .append(" | ").append(row.unavailable().map(d -> seconds(d)
                            + (d.isZero() ? "" : " (" + row.unavailableOp() + ")")).orElse("-"))
                    .append(" | ").append(row.unavailable().isEmpty() ? "-"
                            : row.recovery().map(FaultTable::seconds).orElse("not within the window"))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
