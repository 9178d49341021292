import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where the CPU goes, from a JFR recording: the top self frames of jdk.ExecutionSample, each sample's stack
 * classified by the first frame (from the top) that belongs to a known category, samples per thread group, and
 * GC, allocation and CPU load figures. Prints Markdown. Run as a single-file program (bench/profile.sh does):
 *
 *   java bench/JfrSummary.java recording.jfr [--requests N] [--top 30]
 *
 * With --requests (requests served while recording) it also gives CPU per request: each execution sample stands
 * for one sampling period of a running Java thread, so samples × period ÷ requests. Native code outside Java
 * frames and GC threads are not sampled: GC shows in its own section.
 */
public class JfrSummary {

    /** Checked in order on each frame; a more specific rule comes before a wider one of the same package. */
    private static final List<Map.Entry<String, Predicate<String>>> CATEGORIES = List.of(
            rule("JSON (Jackson)", f -> f.startsWith("com.fasterxml.jackson.") || f.startsWith("tools.jackson.")
                    || f.startsWith("io.streamgate.platform.json.")),
            rule("Avro / registry serde", f -> f.startsWith("org.apache.avro.") || f.startsWith("io.apicurio.")
                    || (f.startsWith("io.streamgate.") && f.contains(".avro."))),
            rule("Validation", f -> f.startsWith("jakarta.validation.") || f.startsWith("org.hibernate.validator.")
                    || (f.startsWith("io.streamgate.") && (f.contains("iolation") || f.contains("Valid")))),
            rule("Metrics (Micrometer)", f -> f.startsWith("io.micrometer.")
                    || (f.startsWith("io.streamgate.") && f.contains("Metrics"))),
            rule("Logging", f -> f.startsWith("org.slf4j.") || f.startsWith("ch.qos.logback.")
                    || f.startsWith("org.apache.logging.")),
            rule("Streamgate web filters", f -> f.startsWith("io.streamgate.platform.edge.")
                    && (f.contains("Filter") || f.contains("RateLimit") || f.contains("TokenBucket")
                    || f.contains("RequestId") || f.contains("ConnectionGuard") || f.contains("Cors"))),
            rule("Kafka producer (client, Streamgate publisher)", f -> f.startsWith("org.apache.kafka.")
                    || f.startsWith("io.streamgate.platform.kafka.")),
            rule("Spring (WebFlux, codecs, context)", f -> f.startsWith("org.springframework.")),
            rule("Netty / Reactor", f -> f.startsWith("io.netty.") || f.startsWith("reactor.")),
            rule("Streamgate, other", f -> f.startsWith("io.streamgate.")));
    private static final String UNCLASSIFIED = "JDK / other (no categorised frame)";

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: JfrSummary <recording.jfr> [--requests N] [--top N]");
        }
        Path file = Path.of(args[0]);
        long requests = 0;
        int top = 30;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--requests" -> requests = Long.parseLong(args[i + 1]);
                case "--top" -> top = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }

        Map<String, Long> self = new HashMap<>();
        Map<String, Long> categories = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0, gcCount = 0, allocatedBytes = 0, cpuLoadEvents = 0;
        Duration gcPauses = Duration.ZERO, longestPause = Duration.ZERO;
        double jvmCpu = 0, machineCpu = 0;
        Instant first = null, last = null;
        long executionSampleTypeId = -1;
        String period = "unknown";
        try (RecordingFile recording = new RecordingFile(file)) {
            for (EventType type : recording.readEventTypes()) {
                if (type.getName().equals("jdk.ExecutionSample")) {
                    executionSampleTypeId = type.getId();
                }
            }
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                Instant at = event.getStartTime();
                first = first == null || at.isBefore(first) ? at : first;
                last = last == null || at.isAfter(last) ? at : last;
                switch (event.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        samples++;
                        RecordedStackTrace stack = event.getStackTrace();
                        List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
                        String leaf = frames.isEmpty() ? "(no stack)" : name(frames.getFirst());
                        self.merge(leaf, 1L, Long::sum);
                        categories.merge(category(frames), 1L, Long::sum);
                        RecordedThread thread = event.getThread("sampledThread");
                        threads.merge(group(thread == null ? null : thread.getJavaName()), 1L, Long::sum);
                    }
                    case "jdk.GarbageCollection" -> {
                        gcCount++;
                        Duration pause = event.getDuration("sumOfPauses");
                        gcPauses = gcPauses.plus(pause);
                        longestPause = pause.compareTo(longestPause) > 0 ? pause : longestPause;
                    }
                    case "jdk.ObjectAllocationSample" -> allocatedBytes += event.getLong("weight");
                    case "jdk.CPULoad" -> {
                        cpuLoadEvents++;
                        jvmCpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                        machineCpu += event.getFloat("machineTotal");
                    }
                    case "jdk.ActiveSetting" -> {
                        if (event.getLong("id") == executionSampleTypeId && event.getString("name").equals("period")) {
                            period = event.getString("value");
                        }
                    }
                    default -> { }
                }
            }
        }
        double seconds = first == null ? 0 : Duration.between(first, last).toMillis() / 1000.0;
        long periodMs = periodMillis(period);

        System.out.printf("Recording `%s`: %.1f s, %,d execution samples (period %s).%n%n", file.getFileName(), seconds,
                samples, period);
        if (requests > 0 && periodMs > 0) {
            System.out.printf(Locale.ROOT, "Requests while recording: %,d; sampled Java CPU per request ≈ %.1f µs "
                    + "(samples × period ÷ requests; excludes GC and native code).%n%n",
                    requests, samples * periodMs * 1000.0 / requests);
        }
        System.out.println("## CPU by category of the stack");
        System.out.println();
        System.out.println("Each sample counts once, for the first frame from the top that falls in a category.");
        System.out.println();
        table("Category", categories, samples, Integer.MAX_VALUE, requests, periodMs);
        System.out.println("## Top self frames (method on top of the stack)");
        System.out.println();
        table("Method", self, samples, top, requests, periodMs);
        System.out.println("## Samples by thread group");
        System.out.println();
        table("Thread group", threads, samples, Integer.MAX_VALUE, 0, 0);
        System.out.println("## GC, allocation, CPU load");
        System.out.println();
        System.out.printf(Locale.ROOT, "- GC: %d collections, total pause %.1f ms, longest %.1f ms%n", gcCount,
                gcPauses.toNanos() / 1e6, longestPause.toNanos() / 1e6);
        System.out.printf(Locale.ROOT, "- allocation (jdk.ObjectAllocationSample weights): %.1f MB/s%s%n",
                seconds > 0 ? allocatedBytes / seconds / 1e6 : 0.0, requests > 0
                        ? String.format(Locale.ROOT, ", ≈ %.1f KB per request", allocatedBytes / 1e3 / requests) : "");
        if (cpuLoadEvents > 0) {
            System.out.printf(Locale.ROOT, "- CPU load (jdk.CPULoad, mean, share of all the machine's cores): "
                    + "this JVM %.0f %%, whole machine %.0f %%%n", 100 * jvmCpu / cpuLoadEvents,
                    100 * machineCpu / cpuLoadEvents);
        }
    }

    private static Map.Entry<String, Predicate<String>> rule(String name, Predicate<String> frame) {
        return Map.entry(name, frame);
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method == null ? "(unknown)" : method.getType().getName() + "." + method.getName();
    }

    private static String category(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            for (Map.Entry<String, Predicate<String>> rule : CATEGORIES) {
                if (rule.getValue().test(name)) {
                    return rule.getKey();
                }
            }
        }
        return UNCLASSIFIED;
    }

    /** reactor-http-nio-3 → reactor-http-nio; parallel-1 → parallel: one row per pool. */
    private static String group(String thread) {
        if (thread == null) {
            return "(unknown)";
        }
        return thread.replaceAll("([-#_ ]?\\d+)+$", "").replaceAll("-\\d+-", "-N-");
    }

    private static long periodMillis(String period) {
        String value = period.trim();
        try {
            if (value.endsWith(" ms")) {
                return Long.parseLong(value.substring(0, value.length() - 3).trim());
            }
            if (value.endsWith(" s")) {
                return 1000 * Long.parseLong(value.substring(0, value.length() - 2).trim());
            }
        } catch (NumberFormatException e) {
            return 0; // an unusual spelling: per-request figures are then left out, the rest is still right
        }
        return 0;
    }

    private static void table(String what, Map<String, Long> counts, long total, int limit, long requests,
                              long periodMs) {
        boolean perRequest = requests > 0 && periodMs > 0;
        System.out.println("| " + what + " | Samples | % |" + (perRequest ? " µs/request |" : ""));
        System.out.println("|---|---:|---:|" + (perRequest ? "---:|" : ""));
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        sorted.forEach((key, n) -> System.out.printf(Locale.ROOT, "| `%s` | %,d | %.1f |%s%n", key, n,
                total == 0 ? 0.0 : 100.0 * n / total,
                perRequest ? String.format(Locale.ROOT, " %.1f |", n * periodMs * 1000.0 / requests) : ""));
        System.out.println();
    }
}
