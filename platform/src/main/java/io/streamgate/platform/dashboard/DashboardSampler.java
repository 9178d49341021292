package io.streamgate.platform.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.streamgate.platform.dashboard.Snapshot.ConsumerFigures;
import io.streamgate.platform.dashboard.Snapshot.EdgeFigures;
import io.streamgate.platform.dashboard.Snapshot.HttpFigures;
import io.streamgate.platform.dashboard.Snapshot.MeterFigures;
import io.streamgate.platform.dashboard.Snapshot.OutboxFigures;
import io.streamgate.platform.dashboard.Snapshot.ProduceFigures;
import io.streamgate.platform.dashboard.Snapshot.Series;
import io.streamgate.platform.dashboard.Snapshot.SystemFigures;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads the registry into {@link Snapshot}s. Each call of {@link #next()} reads every meter named
 * {@code http.server.requests} or {@code streamgate.*} once (a gauge's value, a counter's count, a timer's count and
 * histogram buckets) and compares it with the previous call's reading for rates and interval percentiles. One sampler
 * serves one run of the stream: its calls come one at a time, from the stream's worker, never concurrently.
 */
final class DashboardSampler {

    static final String HTTP_REQUESTS = "http.server.requests";
    /** The dashboard's own stream: a request that lasts as long as a viewer watches is no latency to show. */
    static final String OWN_STREAM = "/dashboard/stream";
    private static final List<String> STATUS_CLASSES = List.of("2xx", "3xx", "4xx", "5xx");

    /** What one meter said. */
    private record Reading(Meter.Id id, String type, double value, Buckets buckets) {
    }

    /** Every meter's reading at one moment. */
    private record Readings(long nanos, Map<Meter.Id, Reading> byId) {

        List<Reading> named(String name) {
            return byId.values().stream().filter(r -> r.id().getName().equals(name)).toList();
        }
    }

    private final MeterRegistry registry;
    private final Supplier<RouteOwners> routes;
    private final Supplier<Map<String, String>> health;
    private final Clock clock;
    private Readings previous;

    DashboardSampler(MeterRegistry registry, Supplier<RouteOwners> routes, Supplier<Map<String, String>> health,
                     Clock clock) {
        this.registry = registry;
        this.routes = routes;
        this.health = health;
        this.clock = clock;
    }

    Snapshot next() {
        Readings now = read();
        Readings before = previous;
        previous = now;
        Interval interval = new Interval(before, now);
        RouteOwners owners = routes.get();

        List<SystemFigures> systems = new ArrayList<>();
        for (String system : owners.systems()) {
            String prefix = "streamgate." + system + ".";
            systems.add(new SystemFigures(system,
                    http(interval, uri -> system.equals(owners.systemOf(uri))),
                    meters(interval, name -> name.startsWith(prefix))));
        }
        HttpFigures otherRoutes = http(interval, uri -> owners.systemOf(uri) == null && !OWN_STREAM.equals(uri));
        return new Snapshot(clock.instant(), interval.seconds(), systems, otherRoutes, produce(interval),
                outbox(interval), consumers(interval), edge(interval), health.get());
    }

    private Readings read() {
        Map<Meter.Id, Reading> readings = new HashMap<>();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            if (!name.equals(HTTP_REQUESTS) && !name.startsWith("streamgate.")) {
                continue;
            }
            Reading reading = switch (meter) {
                case Counter counter -> new Reading(meter.getId(), "counter", counter.count(), null);
                case FunctionCounter counter -> new Reading(meter.getId(), "counter", counter.count(), null);
                case Timer timer -> new Reading(meter.getId(), "timer", timer.count(),
                        Buckets.of(timer.takeSnapshot()));
                case FunctionTimer timer -> new Reading(meter.getId(), "timer", timer.count(), null);
                case TimeGauge gauge -> new Reading(meter.getId(), "gauge", gauge.value(TimeUnit.SECONDS), null);
                case Gauge gauge -> new Reading(meter.getId(), "gauge", gauge.value(), null);
                default -> null;
            };
            if (reading != null) {
                readings.put(meter.getId(), reading);
            }
        }
        return new Readings(System.nanoTime(), readings);
    }

    /** Two readings, for what happened between them; without an earlier one, totals only. */
    private record Interval(Readings before, Readings now) {

        Double seconds() {
            return before == null ? null : (now.nanos() - before.nanos()) / 1e9;
        }

        /** Per second since the earlier reading; null without one; a count that went down reads as zero. */
        Double rate(List<Reading> readings) {
            if (before == null) {
                return null;
            }
            double delta = 0;
            for (Reading reading : readings) {
                Reading earlier = before.byId().get(reading.id());
                double change = reading.value() - (earlier == null ? 0 : earlier.value());
                delta += Double.isFinite(change) ? Math.max(0, change) : 0;
            }
            double seconds = seconds();
            return seconds > 0 ? delta / seconds : null;
        }

        /** The timers' histograms over the interval, added up; null without an earlier reading. */
        Buckets recorded(List<Reading> timers) {
            if (before == null) {
                return null;
            }
            Buckets sum = Buckets.EMPTY;
            for (Reading timer : timers) {
                if (timer.buckets() != null) {
                    Reading earlier = before.byId().get(timer.id());
                    sum = sum.plus(timer.buckets().since(earlier == null ? null : earlier.buckets()));
                }
            }
            return sum;
        }
    }

    /** The counts added up; a meter without a value (NaN) counts as nothing. */
    private static long total(List<Reading> readings) {
        return Math.round(readings.stream().mapToDouble(Reading::value).filter(Double::isFinite).sum());
    }

    /** JSON has no NaN or infinity: a gauge without a value (its object is gone, nothing counted yet) is null. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Double quantile(Buckets buckets, double q) {
        return buckets == null ? null : buckets.quantile(q);
    }

    private static String tag(Reading reading, String key) {
        String value = reading.id().getTag(key);
        return value == null ? "" : value;
    }

    private HttpFigures http(Interval interval, Predicate<String> routes) {
        List<Reading> timers = interval.now().named(HTTP_REQUESTS).stream()
                .filter(r -> routes.test(tag(r, "uri"))).toList();
        Map<String, Double> perSecond = new LinkedHashMap<>();
        for (String statusClass : STATUS_CLASSES) {
            perSecond.put(statusClass, interval.rate(timers.stream()
                    .filter(r -> tag(r, "status").startsWith(statusClass.substring(0, 1))).toList()));
        }
        Buckets recorded = interval.recorded(timers);
        return new HttpFigures(total(timers), perSecond, quantile(recorded, 0.5), quantile(recorded, 0.99));
    }

    private List<MeterFigures> meters(Interval interval, Predicate<String> names) {
        Map<String, List<Reading>> byName = new TreeMap<>();
        interval.now().byId().values().stream().filter(r -> names.test(r.id().getName()))
                .forEach(r -> byName.computeIfAbsent(r.id().getName(), n -> new ArrayList<>()).add(r));
        List<MeterFigures> meters = new ArrayList<>();
        byName.forEach((name, readings) -> {
            Reading first = readings.getFirst();
            List<Series> series = readings.stream()
                    .sorted(Comparator.comparing(r -> r.id().getTags().toString()))
                    .map(r -> new Series(tagsOf(r), finite(r.value()),
                            r.type().equals("gauge") ? null : interval.rate(List.of(r))))
                    .toList();
            meters.add(new MeterFigures(name, first.type(), first.id().getDescription(), first.id().getBaseUnit(),
                    series));
        });
        return meters;
    }

    private static Map<String, String> tagsOf(Reading reading) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : reading.id().getTagsAsIterable()) {
            tags.put(tag.getKey(), tag.getValue());
        }
        return tags;
    }

    private List<ProduceFigures> produce(Interval interval) {
        Map<String, List<Reading>> latencyByTopic = groupBy(interval.now().named("streamgate.produce.latency"), "topic");
        Map<String, List<Reading>> errorsByTopic = groupBy(interval.now().named("streamgate.produce.errors"), "topic");
        List<ProduceFigures> topics = new ArrayList<>();
        latencyByTopic.forEach((group, timers) -> {
            String topic = tag(timers.getFirst(), "topic");
            List<Reading> acknowledged = timers.stream().filter(r -> tag(r, "outcome").equals("success")).toList();
            List<Reading> errors = errorsByTopic.getOrDefault(group, List.of());
            long acknowledgedTotal = total(acknowledged);
            long errorsTotal = total(errors);
            if (acknowledgedTotal == 0 && errorsTotal == 0) {
                return; // a catalogue topic this process never published to (its system is off, or idle so far)
            }
            Map<String, Long> byKind = new TreeMap<>();
            errors.stream().filter(r -> r.value() > 0).forEach(r -> byKind.put(tag(r, "kind"), Math.round(r.value())));
            Buckets recorded = interval.recorded(acknowledged);
            topics.add(new ProduceFigures(topic, acknowledgedTotal, interval.rate(acknowledged),
                    quantile(recorded, 0.5), quantile(recorded, 0.99), errorsTotal, interval.rate(errors), byKind));
        });
        return topics;
    }

    private OutboxFigures outbox(Interval interval) {
        List<Reading> waiting = interval.now().named("streamgate.outbox.waiting");
        if (waiting.isEmpty()) {
            return null;
        }
        List<Reading> published = interval.now().named("streamgate.outbox.published");
        Buckets lag = interval.recorded(interval.now().named("streamgate.outbox.lag"));
        List<Reading> oldest = interval.now().named("streamgate.outbox.oldest.age");
        return new OutboxFigures(finite(waiting.getFirst().value()), oldest.isEmpty() ? null
                : finite(oldest.getFirst().value()),
                total(published), interval.rate(published), quantile(lag, 0.5), quantile(lag, 0.99),
                total(interval.now().named("streamgate.outbox.publish.failures")));
    }

    private List<ConsumerFigures> consumers(Interval interval) {
        Map<String, List<Reading>> consumed = groupBy(interval.now().named("streamgate.consumer.consumed"), "group",
                "topic");
        Map<String, List<Reading>> lag = groupBy(interval.now().named("streamgate.consumer.lag"), "group", "topic");
        Map<String, List<Reading>> deadLettered = groupBy(interval.now().named("streamgate.consumer.dead.lettered"),
                "group", "topic");
        Map<String, List<Reading>> retries = groupBy(interval.now().named("streamgate.consumer.retries"), "group",
                "topic");
        List<ConsumerFigures> consumers = new ArrayList<>();
        consumed.forEach((subscription, counters) -> {
            Map<String, Long> byPartition = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
            lag.getOrDefault(subscription, List.of())
                    .forEach(r -> byPartition.put(tag(r, "partition"), Math.round(r.value())));
            Reading first = counters.getFirst();
            consumers.add(new ConsumerFigures(tag(first, "group"), tag(first, "topic"), total(counters),
                    interval.rate(counters), byPartition, total(deadLettered.getOrDefault(subscription, List.of())),
                    total(retries.getOrDefault(subscription, List.of()))));
        });
        return consumers;
    }

    private EdgeFigures edge(Interval interval) {
        List<Reading> open = interval.now().named("streamgate.http.connections.open");
        List<Reading> rejected = interval.now().named("streamgate.ratelimit.rejected");
        return new EdgeFigures(open.isEmpty() ? null : finite(open.getFirst().value()), total(rejected),
                interval.rate(rejected));
    }

    /** Readings by the values of {@code keys}, in the order of those values. */
    private static Map<String, List<Reading>> groupBy(List<Reading> readings, String... keys) {
        Map<String, List<Reading>> groups = new TreeMap<>();
        for (Reading reading : readings) {
            StringBuilder group = new StringBuilder();
            for (String key : keys) {
                group.append(tag(reading, key)).append('\u0000');
            }
            groups.computeIfAbsent(group.toString(), g -> new ArrayList<>()).add(reading);
        }
        return groups;
    }
}
