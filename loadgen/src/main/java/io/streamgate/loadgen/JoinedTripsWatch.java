package io.streamgate.loadgen;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Watches the joined topic ({@code hw.fake.joinedstreams}) as a downstream consumer would ({@code read_committed}):
 * joined trips per second, and the end-to-end latency of each joined trip, from the ingest of its third part (the
 * joined record keeps that part's timestamp, set by the app's producer when the HTTP request was accepted) to the
 * moment this consumer received it. Both clocks are this machine's. Prints progress every second and a final report
 * (text, and JSON with {@code --report file.json}).
 *
 * <pre>java -cp streamgate-loadgen.jar io.streamgate.loadgen.JoinedTripsWatch --bootstrap 127.0.0.1:9092
 *     [--topic hw.fake.joinedstreams] [--from end|beginning] [--key-prefix P] [--skip-seconds S]
 *     [--expect N] [--idle S] [--max S] [--report F]</pre>
 * Only records whose key starts with {@code --key-prefix} count (a load generator run's trips, {@code LG-<run>-});
 * {@code distinct} counts their keys once each, so {@code records == distinct} means no trip was joined twice.
 * Latencies of records received in the first {@code --skip-seconds} (warm-up) are left out. It stops after
 * {@code --expect} records, or {@code --idle} seconds without a record once some arrived, or {@code --max} seconds in
 * all. Throughput is measured from the first to the last record received.
 */
public final class JoinedTripsWatch {

    private JoinedTripsWatch() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new HashMap<>(Map.of("topic", "hw.fake.joinedstreams", "from", "end",
                "expect", "0", "idle", "10", "max", "600", "key-prefix", "", "skip-seconds", "0"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        String bootstrap = opts.get("bootstrap");
        if (bootstrap == null) {
            System.err.println("JoinedTripsWatch: --bootstrap host:port is required");
            System.exit(2);
        }
        for (String server : bootstrap.split(",")) {
            LoopbackGuard.requireLoopback(server.substring(0, server.lastIndexOf(':')));
        }
        Result result = watch(bootstrap, opts.get("topic"), opts.get("from").equals("beginning"),
                opts.get("key-prefix"), Duration.ofSeconds(Long.parseLong(opts.get("skip-seconds"))),
                Long.parseLong(opts.get("expect")), Duration.ofSeconds(Long.parseLong(opts.get("idle"))),
                Duration.ofSeconds(Long.parseLong(opts.get("max"))), System.err);
        System.out.print(result.toText());
        if (opts.containsKey("report")) {
            Path report = Path.of(opts.get("report"));
            Files.writeString(report, report.toString().endsWith(".json") ? result.toJson() : result.toText());
        }
    }

    /** Records received, over how long, and their latency in microseconds. */
    public record Result(String topic, long records, long distinct, double seconds, long p50, long p90, long p99,
                         long p999, long max) {

        public double throughput() {
            return seconds > 0 ? records / seconds : 0;
        }

        String toText() {
            return String.format(Locale.ROOT, "joined-trips watch: %s%nrecords       %d (distinct keys %d) in %.1f s (%.1f/s)%n"
                            + "latency us    p50 %d  p90 %d  p99 %d  p99.9 %d  max %d"
                            + "  (third part ingest -> joined record received)%n",
                    topic, records, distinct, seconds, throughput(), p50, p90, p99, p999, max);
        }

        String toJson() {
            return String.format(Locale.ROOT, """
                    {
                      "topic": "%s",
                      "records": %d,
                      "distinct": %d,
                      "seconds": %.3f,
                      "throughput": %.1f,
                      "latency_us_p50": %d,
                      "latency_us_p90": %d,
                      "latency_us_p99": %d,
                      "latency_us_p999": %d,
                      "latency_us_max": %d
                    }
                    """, topic, records, distinct, seconds, throughput(), p50, p90, p99, p999, max);
        }
    }

    public static Result watch(String bootstrap, String topic, boolean fromBeginning, String keyPrefix,
                               Duration skip, long expect, Duration idle, Duration max, PrintStream progress) {
        Set<String> keys = new HashSet<>();
        Histogram latency = new Histogram(3_600_000_000L, 3);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
            }
            long start = System.nanoTime();
            long first = 0;
            long last = 0;
            long records = 0;
            long nextProgress = start + 1_000_000_000L;
            long inSecond = 0;
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                    if (!key.startsWith(keyPrefix)) {
                        continue;
                    }
                    long now = System.nanoTime();
                    if (records == 0) {
                        first = now;
                    }
                    last = now;
                    records++;
                    inSecond++;
                    keys.add(key);
                    if (now - first < skip.toNanos()) {
                        continue;
                    }
                    long micros = Math.max(0, (System.currentTimeMillis() - record.timestamp()) * 1000);
                    latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
                }
                long now = System.nanoTime();
                if (now >= nextProgress) {
                    progress.printf(Locale.ROOT, "[%4ds] %8d joined/s  total %d  p50 %.1f ms  p99 %.1f ms%n",
                            (now - start) / 1_000_000_000L, inSecond, records,
                            latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0);
                    inSecond = 0;
                    nextProgress += 1_000_000_000L;
                }
                boolean enough = expect > 0 && records >= expect;
                boolean quiet = records > 0 && now - last > idle.toNanos();
                if (enough || quiet || now - start > max.toNanos()) {
                    break;
                }
            }
            double seconds = records > 1 ? (last - first) / 1e9 : 0;
            return new Result(topic, records, keys.size(), seconds, latency.getValueAtPercentile(50),
                    latency.getValueAtPercentile(90), latency.getValueAtPercentile(99),
                    latency.getValueAtPercentile(99.9), latency.getMaxValue());
        }
    }
}
