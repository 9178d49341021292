package io.streamgate.loadgen;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options: {@code --name value} or {@code --name=value}; {@code --header} may repeat.
 * {@link #parse} validates everything, including the loopback rule, so a bad command fails before any load.
 */
public record Options(
        URI url,
        InetAddress address,
        int port,
        String requestPath,
        String method,
        List<String> headers,
        String bodyTemplate,
        long customers,
        Mode mode,
        int connections,
        int initialConnections,
        double rate,
        int warmupSeconds,
        int durationSeconds,
        int timeoutSeconds,
        boolean virtualThreads,
        Path report,
        Workload workload,
        int duplicateShare,
        int lateShare,
        String runId,
        boolean help) {

    public enum Mode { CLOSED, OPEN }

    /**
     * TEMPLATE: one route, the body template; ORDERS: realistic {@code POST /orders} bodies; TRIPS: complete trips
     * over the three trip routes.
     */
    public enum Workload { TEMPLATE, ORDERS, TRIPS }

    public static final String ORDERS_URL = "http://127.0.0.1:8000/orders";
    /** How many distinct order bodies the orders workload cycles through. */
    public static final int ORDER_VARIANTS = 64;

    public static final String DEFAULT_URL = "http://127.0.0.1:8000/payments";
    public static final String DEFAULT_BODY =
            "{\"amount\": 12.34, \"currency\": \"USD\", \"customer_id\": \"CUST-%d\"}";
    /** Runs are bounded: a forgotten generator must not load the machine for hours. */
    public static final int MAX_SECONDS = 3600;

    public static final String USAGE = """
            Usage: java -jar streamgate-loadgen.jar [options]
            HTTP/1.1 load generator for loopback targets only (127.0.0.0/8, localhost, ::1).

              --url URL               target (default %s)
              --method M              HTTP method (default POST)
              --header 'N: V'         extra request header; repeatable
              --body-template T       body; each %%d becomes sequence %% customers
                                      (default %s)
              --customers K           distinct values for %%d (default 1000)
              --mode closed|open      closed: each connection sends when its previous response arrived
                                      open: fixed rate, latency from the intended send time (default closed)
              --connections N         closed: connections (default 64); open: pool cap (default 256)
              --initial-connections N open: connections opened at start; the pool grows when all are busy
                                      (default min(16, cap))
              --rate R                open: requests per second (required for open)
              --warmup S              seconds of load excluded from the report (default 0)
              --duration S            measured seconds after warm-up (default 10, at most 3600)
              --timeout S             connect/read timeout per request in seconds (default 10)
              --threads platform|virtual  one thread per connection, of this kind (default platform)
              --report FILE           also write the final report; JSON if FILE ends in .json, else text
              --workload template|orders|trips
                                      template: --method/--url/--body-template (default);
                                      orders: realistic POST /orders bodies (%d variants with 1-5 line items,
                                      customer ids over --customers); default URL %s
                                      trips: complete trips over /trips/requested, /trips/driver-assigned and
                                      /trips/completed at the --url's host (its path is ignored)
              --duplicate-share P     trips: percent of trips that send one part twice (default 0)
              --late-share P          trips: percent of trips that re-send a part after completion (default 0)
              --run-id ID             trips: trip ids are LG-<ID>-<n> (default: random per run)
              --help                  this text
            Progress (requests/s, errors, p50/p99 of the last second) goes to stderr every second;
            the final report goes to stdout.
            """.formatted(DEFAULT_URL, DEFAULT_BODY, ORDER_VARIANTS, ORDERS_URL);

    /** A command-line mistake; the message is for the user. */
    public static final class UsageException extends IllegalArgumentException {
        public UsageException(String message) {
            super(message);
        }
    }

    public static Options parse(String... args) {
        String url = null;
        String method = "POST";
        List<String> headers = new ArrayList<>();
        String body = DEFAULT_BODY;
        long customers = 1000;
        Mode mode = Mode.CLOSED;
        Integer connections = null;
        Integer initial = null;
        Double rate = null;
        int warmup = 0;
        int duration = 10;
        int timeout = 10;
        boolean virtual = false;
        Path report = null;
        Workload workload = Workload.TEMPLATE;
        int duplicateShare = 0;
        int lateShare = 0;
        String runId = Long.toString(System.nanoTime() & 0xffffffffL, 36);
        boolean help = false;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "' (options are --name value)");
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "url" -> url = value;
                case "method" -> method = value.toUpperCase(Locale.ROOT);
                case "header" -> headers.add(value);
                case "body-template" -> body = value;
                case "customers" -> customers = positiveLong(name, value);
                case "mode" -> mode = switch (value.toLowerCase(Locale.ROOT)) {
                    case "closed" -> Mode.CLOSED;
                    case "open" -> Mode.OPEN;
                    default -> throw new UsageException("--mode must be closed or open, got '" + value + "'");
                };
                case "connections" -> connections = (int) bounded(name, value, 1, 10_000);
                case "initial-connections" -> initial = (int) bounded(name, value, 1, 10_000);
                case "rate" -> rate = positiveDouble(name, value);
                case "warmup" -> warmup = (int) bounded(name, value, 0, MAX_SECONDS);
                case "duration" -> duration = (int) bounded(name, value, 1, MAX_SECONDS);
                case "timeout" -> timeout = (int) bounded(name, value, 1, 600);
                case "threads" -> virtual = switch (value.toLowerCase(Locale.ROOT)) {
                    case "platform" -> false;
                    case "virtual" -> true;
                    default -> throw new UsageException("--threads must be platform or virtual");
                };
                case "report" -> report = Path.of(value);
                case "workload" -> workload = switch (value.toLowerCase(Locale.ROOT)) {
                    case "template" -> Workload.TEMPLATE;
                    case "orders" -> Workload.ORDERS;
                    case "trips" -> Workload.TRIPS;
                    default -> throw new UsageException(
                            "--workload must be template, orders or trips, got '" + value + "'");
                };
                case "duplicate-share" -> duplicateShare = (int) bounded(name, value, 0, 100);
                case "late-share" -> lateShare = (int) bounded(name, value, 0, 100);
                case "run-id" -> {
                    if (!value.matches("[A-Za-z0-9]{1,16}")) {
                        throw new UsageException("--run-id must be 1-16 letters or digits");
                    }
                    runId = value;
                }
                default -> throw new UsageException("unknown option --" + name);
            }
        }
        if (url == null) {
            url = workload == Workload.ORDERS ? ORDERS_URL : DEFAULT_URL;
        }
        if (help) {
            return new Options(null, null, 0, null, method, headers, body, customers, mode, 0, 0, 0, warmup,
                    duration, timeout, virtual, report, workload, duplicateShare, lateShare, runId, true);
        }
        if (duplicateShare + lateShare > 100) {
            throw new UsageException("--duplicate-share plus --late-share must not exceed 100");
        }
        if (warmup + duration > MAX_SECONDS) {
            throw new UsageException("warm-up plus duration must not exceed " + MAX_SECONDS + " s");
        }

        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new UsageException("malformed --url: " + e.getMessage());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new UsageException("--url must be http://host[:port]/path, got '" + url + "'");
        }
        InetAddress address;
        try {
            address = LoopbackGuard.requireLoopback(uri.getHost());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }

        int conns;
        int init;
        double r;
        if (mode == Mode.OPEN) {
            if (rate == null) {
                throw new UsageException("--mode open needs --rate");
            }
            r = rate;
            conns = connections == null ? 256 : connections;
            init = initial == null ? Math.min(16, conns) : initial;
            if (init > conns) {
                throw new UsageException("--initial-connections must not exceed --connections");
            }
        } else {
            if (rate != null) {
                throw new UsageException("--rate applies to --mode open only");
            }
            r = 0;
            conns = connections == null ? 64 : connections;
            init = conns;
        }
        return new Options(uri, address, port, path, method, List.copyOf(headers), body, customers, mode, conns,
                init, r, warmup, duration, timeout, virtual, report, workload, duplicateShare, lateShare, runId, false);
    }

    /** The body templates to send: one, or the orders workload's variants. */
    public List<String> bodyTemplates() {
        return workload == Workload.ORDERS ? OrderBodies.templates(ORDER_VARIANTS, 42) : List.of(bodyTemplate);
    }

    /** The Host header value for the URL. */
    public String hostHeader() {
        return url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
    }

    private static long bounded(String name, String value, long min, long max) {
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a whole number, got '" + value + "'");
        }
        if (v < min || v > max) {
            throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    private static long positiveLong(String name, String value) {
        return bounded(name, value, 1, Long.MAX_VALUE);
    }

    private static double positiveDouble(String name, String value) {
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a number, got '" + value + "'");
        }
        if (!(v > 0) || v > 10_000_000) {
            throw new UsageException("--" + name + " must be > 0 and at most 10000000, got " + value);
        }
        return v;
    }
}
