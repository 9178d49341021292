package io.streamgate.faultlab;

import io.streamgate.schemas.Topics;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * After the faults heal and the system drains: reads every topic ({@code read_committed}) and the database, and
 * checks the invariants. For each ledger entry it finds how often its effect was written
 * ({@link Verdict#found}); the global invariants (order events, the read model, the join, lag, dead letters) become
 * {@link Verdict#violations}, each naming the ids and ledger lines that show it.
 */
final class Checker {

    /** What the checker found: per ledger entry, how often its effect is there (absent: not checkable). */
    record Verdict(Map<Long, Integer> found, List<String> violations, List<String> notes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINAL = Set.of("SHIPPED", "CANCELLED");

    private final TopicReader topics;
    private final Admin admin;
    private final String jdbcUrl;
    private final String dbUser;
    private final String dbPassword;
    private final List<AppInstance> apps;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Checker(TopicReader topics, Admin admin, String jdbcUrl, String dbUser, String dbPassword, List<AppInstance> apps) {
        this.topics = topics;
        this.admin = admin;
        this.jdbcUrl = jdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.apps = apps;
    }

    /** Waits (bounded) until the life cycle has finished every order and every consumer group has caught up. */
    List<String> drain(Duration timeout) throws Exception {
        List<String> notes = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long open = Long.MAX_VALUE;
        Map<String, Long> lag = Map.of();
        while (System.nanoTime() < deadline) {
            open = openOrders();
            lag = lagByGroup();
            long totalLag = lag.values().stream().mapToLong(Long::longValue).sum();
            if (open == 0 && totalLag == 0 && readModelCaughtUp()) {
                notes.add("drained in " + (System.nanoTime() - start) / 1_000_000 + " ms");
                return notes;
            }
            Thread.sleep(1000);
        }
        notes.add("not drained after " + timeout + ": " + open + " order(s) not final, lag " + lag);
        return notes;
    }

    Verdict check(List<Ledger.Entry> entries) throws Exception {
        Map<Long, Integer> found = new HashMap<>();
        List<String> violations = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        Map<String, Long> payments = count(Topics.PAYMENTS.name(), r -> str(r, "customer_id"));
        Map<String, Long> paymentIds = count(Topics.PAYMENTS.name(), r -> str(r, "payment_id"));
        Map<String, Long> submissions = count(Topics.CODE_EXECUTION.name(), r -> str(r, "user_id"));
        Map<String, Long> requested = count(Topics.TRIP_REQUESTED.name(), r -> str(r, "trip_id"));
        Map<String, Long> assigned = count(Topics.DRIVER_ASSIGNED.name(), r -> str(r, "trip_id"));
        Map<String, Long> completed = count(Topics.TRIP_COMPLETED.name(), r -> str(r, "trip_id"));
        Map<String, Long> joined = count(Topics.JOINED_TRIPS.name(), r -> str(r, "trip_id"));
        Map<String, Long> late = count(Topics.LATE_TRIP_PARTS.name(), r -> r == null ? null : str(r, "trip_id"));
        List<TopicReader.Read> orderEvents = topics.readAll(Topics.ORDER_EVENTS.name());
        Map<String, DbOrder> orders = ordersFromDatabase();
        Map<String, String> orderByCustomer = new HashMap<>();
        Map<String, Long> ordersPerCustomer = new HashMap<>();
        orders.values().forEach(order -> {
            orderByCustomer.put(order.customerId(), order.orderId());
            ordersPerCustomer.merge(order.customerId(), 1L, Long::sum);
        });
        Map<String, List<Event>> events = eventsByOrder(orderEvents);
        Map<String, String> asyncStatus = asyncPaymentStatuses(entries);
        Map<String, Long> asyncOutcomes = new java.util.TreeMap<>();

        for (Ledger.Entry entry : entries) {
            Integer count = switch (entry.op()) {
                case "pay-sync" -> (int) (long) payments.getOrDefault(entry.id(), 0L);
                case "pay-async" -> asyncFound(entry, asyncStatus, paymentIds, payments, asyncOutcomes, violations,
                        notes);
                case "submit" -> (int) (long) submissions.getOrDefault(entry.id(), 0L);
                case "trip-requested" -> (int) (long) requested.getOrDefault(entry.id(), 0L);
                case "trip-assigned" -> (int) (long) assigned.getOrDefault(entry.id(), 0L);
                case "trip-completed" -> (int) (long) completed.getOrDefault(entry.id(), 0L);
                case "order-create" -> (int) (long) ordersPerCustomer.getOrDefault(entry.id(), 0L);
                case "cart-create" -> orders.containsKey(entry.id()) ? 1 : 0;
                case "order-cancel", "cart-cancel" -> entry.outcome() == Ledger.Outcome.OK
                        ? cancelled(entry.id(), orders, events) : null;
                default -> null;
            };
            if (count != null) {
                found.put(entry.seq(), count);
            }
            if (entry.outcome() == Ledger.Outcome.OK && count != null && count == 0) {
                violations.add("LOST " + entry.op() + " " + entry.id() + ": acknowledged, not found; ledger: "
                        + entry.csv());
            } else if (entry.outcome() == Ledger.Outcome.REFUSED && count != null && count > 0
                    && !entry.op().endsWith("-cancel")) {
                violations.add("REFUSED BUT WRITTEN " + entry.op() + " " + entry.id() + "; ledger: " + entry.csv());
            } else if (count != null && count > 1) {
                violations.add("DUPLICATED x" + count + " " + entry.op() + " " + entry.id() + " ("
                        + entry.outcome().name().toLowerCase() + "); ledger: " + entry.csv());
            }
        }

        notes.add("asynchronous payments answered 202, by final status: " + asyncOutcomes);
        checkOrderEvents(orders, events, violations, notes);
        checkReadModel(orders, violations);
        checkOrderIndex(orders, violations);
        checkJoin(requested, assigned, completed, joined, late, violations, notes);
        Map<String, Long> lag = lagByGroup();
        lag.forEach((group, value) -> {
            if (value > 0) {
                violations.add("LAG consumer group " + group + " still " + value + " behind after the drain");
            }
        });
        deadLetters(violations, notes);
        notes.add(orders.size() + " orders, " + orderEvents.size() + " order events, " + payments.size()
                + " payments, " + submissions.size() + " submissions, " + joined.size() + " joined trips, "
                + late.values().stream().mapToLong(Long::longValue).sum() + " late parts");
        return new Verdict(found, violations, notes);
    }

    private Integer asyncFound(Ledger.Entry entry, Map<String, String> status, Map<String, Long> paymentIds,
                               Map<String, Long> byCustomer, Map<String, Long> asyncOutcomes, List<String> violations,
                               List<String> notes) {
        if (entry.outcome() != Ledger.Outcome.OK) {
            return (int) (long) byCustomer.getOrDefault(entry.id(), 0L);
        }
        String final_ = status.getOrDefault(entry.ref(), UNREADABLE);
        int written = (int) (long) paymentIds.getOrDefault(entry.ref(), 0L);
        asyncOutcomes.merge(final_ + ", written " + Math.min(written, 2) + (written > 1 ? "+" : "") + " time(s)",
                1L, Long::sum);
        String violation = asyncViolation(final_, written);
        if (violation != null && violation.startsWith("FAILED BUT WRITTEN")) {
            violations.add(violation + " pay-async " + entry.id() + " (status failed); ledger: " + entry.csv());
        }
        if (written == 0 && !"failed".equals(final_)) {
            // Allowed (indeterminate), but a 202 that never reached the topic is worth reading: which fault, which
            // instance, and what its status says.
            notes.add("answered 202, not written, status " + final_ + ": " + entry.csv());
        }
        return asyncCount(final_, written);
    }

    /** An asynchronous payment's status that could not be read back (the lab's, not one the app gives). */
    static final String UNREADABLE = "unreadable";

    /**
     * What an asynchronous payment answered 202 may be in its topic, by its final status: {@code delivered} exactly
     * once; {@code failed} means nothing was written, so never; {@code unknown} (the producer gave up without knowing),
     * still {@code pending}, {@code expired} from the status store (kept 15 min) or {@link #UNREADABLE}: indeterminate,
     * at most once. The violation, or {@code null}.
     */
    static String asyncViolation(String status, int written) {
        return switch (status) {
            case "delivered" -> written == 1 ? null : written == 0 ? "LOST" : "DUPLICATED x" + written;
            case "failed" -> written == 0 ? null : "FAILED BUT WRITTEN x" + written;
            default -> written <= 1 ? null : "DUPLICATED x" + written;
        };
    }

    /**
     * The count the ledger line is judged by (the checker's LOST and DUPLICATED rules): the copies for a delivered
     * payment, and for any other status only copies beyond one (a failed one written is reported on its own).
     */
    static Integer asyncCount(String status, int written) {
        if ("delivered".equals(status)) {
            return written;
        }
        return written > 1 ? written : null;
    }

    private Integer cancelled(String orderId, Map<String, DbOrder> orders, Map<String, List<Event>> events) {
        DbOrder order = orders.get(orderId);
        if (order == null) {
            return 0;
        }
        boolean inTopic = events.getOrDefault(orderId, List.of()).stream()
                .anyMatch(e -> "CANCELLED".equals(e.status()));
        return "CANCELLED".equals(order.status()) && inTopic ? 1 : 0;
    }

    /**
     * Every committed change is in {@code order-events} once (or again with the same event id), in per-key version
     * order, and each order ends SHIPPED or CANCELLED with one event per version.
     */
    private void checkOrderEvents(Map<String, DbOrder> orders, Map<String, List<Event>> events,
                                  List<String> violations, List<String> notes) {
        long redelivered = 0;
        for (DbOrder order : orders.values()) {
            List<Event> list = events.getOrDefault(order.orderId(), List.of());
            Map<Long, Set<String>> idsByVersion = new LinkedHashMap<>();
            long previous = 0;
            for (Event event : list) {
                idsByVersion.computeIfAbsent(event.version(), v -> new HashSet<>()).add(event.eventId());
                if (event.version() < previous) {
                    violations.add("ORDER " + order.orderId() + ": version " + event.version() + " after " + previous
                            + " (offset " + event.offset() + ")");
                }
                previous = Math.max(previous, event.version());
            }
            redelivered += list.size() - list.stream().map(Event::eventId).distinct().count();
            for (long version = 1; version <= order.version(); version++) {
                Set<String> ids = idsByVersion.get(version);
                if (ids == null) {
                    violations.add("ORDER " + order.orderId() + ": committed version " + version
                            + " has no event in order-events (customer " + order.customerId() + ")");
                } else if (ids.size() > 1) {
                    violations.add("ORDER " + order.orderId() + ": version " + version + " has " + ids.size()
                            + " different events " + ids);
                }
            }
            if (previous > order.version()) {
                violations.add("ORDER " + order.orderId() + ": event version " + previous + " beyond the row's "
                        + order.version());
            }
            if (!list.isEmpty() && !list.getLast().status().equals(order.status())) {
                violations.add("ORDER " + order.orderId() + ": last event says " + list.getLast().status()
                        + ", the row " + order.status());
            }
            if (!FINAL.contains(order.status())) {
                violations.add("ORDER " + order.orderId() + " stuck in " + order.status() + " (version "
                        + order.version() + ")");
            }
        }
        for (String orderId : events.keySet()) {
            if (!orders.containsKey(orderId)) {
                violations.add("ORDER " + orderId + ": events in order-events but no committed row");
            }
        }
        notes.add(redelivered + " order event(s) delivered more than once with the same event id (allowed)");
    }

    /** The order-details read model equals the orders table. */
    private void checkReadModel(Map<String, DbOrder> orders, List<String> violations) throws SQLException {
        Map<String, DbOrder> details = new HashMap<>();
        query("SELECT order_id, status, version, total_amount, currency FROM order_details", rows -> {
            details.put(rows.getString(1), new DbOrder(rows.getString(1), null, rows.getString(2).toUpperCase(),
                    rows.getLong(3), rows.getBigDecimal(4), rows.getString(5)));
        });
        for (DbOrder order : orders.values()) {
            DbOrder detail = details.get(order.orderId());
            if (detail == null) {
                violations.add("READ MODEL lacks order " + order.orderId());
            } else if (detail.version() != order.version() || !detail.status().equals(order.status())
                    || detail.total().compareTo(order.total()) != 0 || !detail.currency().equals(order.currency())) {
                violations.add("READ MODEL differs for " + order.orderId() + ": " + detail + " vs row " + order);
            }
        }
        details.keySet().stream().filter(id -> !orders.containsKey(id))
                .forEach(id -> violations.add("READ MODEL has order " + id + " the orders table lacks"));
    }

    /** {@code GET /getAllOrderIdsFromTopic} lists every order once. */
    private void checkOrderIndex(Map<String, DbOrder> orders, List<String> violations) throws Exception {
        List<String> listed = new ArrayList<>();
        String after = null;
        do {
            String query = "/getAllOrderIdsFromTopic?topic=order-events&limit=10000"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            JsonNode page = JSON.readTree(get(query));
            page.get("orderIds").forEach(id -> listed.add(id.asString()));
            after = page.hasNonNull("next") ? page.get("next").asString() : null;
        } while (after != null);
        Map<String, Long> times = listed.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        times.forEach((id, n) -> {
            if (n > 1) {
                violations.add("INDEX lists " + id + " " + n + " times");
            }
        });
        orders.keySet().stream().filter(id -> !times.containsKey(id))
                .forEach(id -> violations.add("INDEX lacks order " + id));
    }

    /**
     * One joined record per complete trip, none for an incomplete one, and every late part accounted for. The join
     * sets a part aside in two cases only: a copy of a part of a trip already joined (the producer wrote a part twice:
     * at most the copies beyond the first), or a part of a trip that never completed, when it expires after the
     * partial timeout (each distinct part it holds, and a copy arriving after the expiry; none while it still waits).
     * Any other late part is a part the join lost.
     */
    static void checkJoin(Map<String, Long> requested, Map<String, Long> assigned, Map<String, Long> completed,
                          Map<String, Long> joined, Map<String, Long> late, List<String> violations,
                          List<String> notes) {
        Set<String> trips = new HashSet<>(requested.keySet());
        trips.addAll(assigned.keySet());
        trips.addAll(completed.keySet());
        long complete = 0;
        long incomplete = 0;
        long expired = 0;
        long waiting = 0;
        long afterJoin = 0;
        for (String trip : trips) {
            long parts = requested.getOrDefault(trip, 0L) + assigned.getOrDefault(trip, 0L)
                    + completed.getOrDefault(trip, 0L);
            long setAside = late.getOrDefault(trip, 0L);
            boolean all = requested.containsKey(trip) && assigned.containsKey(trip) && completed.containsKey(trip);
            long times = joined.getOrDefault(trip, 0L);
            if (all) {
                complete++;
                afterJoin += setAside;
                if (times != 1) {
                    violations.add("JOIN trip " + trip + " is complete and joined " + times + " time(s)"
                            + (setAside > 0 ? " (" + setAside + " late part(s))" : ""));
                }
                if (setAside > parts - 3) {
                    violations.add("LATE trip " + trip + " is complete with " + (parts - 3) + " extra cop(ies) of "
                            + "its parts, yet " + setAside + " part(s) were set aside as late");
                }
            } else {
                incomplete++;
                if (times != 0) {
                    violations.add("JOIN trip " + trip + " lacks a part and was joined " + times + " time(s)");
                }
                long distinct = (requested.containsKey(trip) ? 1 : 0) + (assigned.containsKey(trip) ? 1 : 0)
                        + (completed.containsKey(trip) ? 1 : 0);
                if (setAside == 0) {
                    waiting++;
                } else if (setAside >= distinct && setAside <= parts) {
                    expired++;
                } else {
                    violations.add("LATE trip " + trip + " is incomplete with " + parts + " part(s) in the topics ("
                            + distinct + " distinct), but " + setAside + " set aside: on expiry every distinct part "
                            + "is, and a copy at most once more");
                }
            }
        }
        joined.keySet().stream().filter(trip -> !trips.contains(trip))
                .forEach(trip -> violations.add("JOIN trip " + trip + " joined without any part in the topics"));
        late.keySet().stream().filter(trip -> !trips.contains(trip))
                .forEach(trip -> violations.add("LATE trip " + trip + " has late parts but no part in the topics"));
        notes.add(complete + " complete trips, " + incomplete + " incomplete (a part refused, failed or lost): "
                + expired + " expired into the late topic, " + waiting + " still waiting for the partial timeout");
        if (!late.isEmpty()) {
            notes.add(afterJoin + " late part(s) were copies after the join; late parts for " + late.size()
                    + " trip(s), e.g. " + late.keySet().stream().sorted().limit(10).toList());
        }
    }

    private void deadLetters(List<String> violations, List<String> notes) throws Exception {
        Set<String> names = admin.listTopics().names().get();
        long total = 0;
        for (String name : names.stream().filter(n -> n.endsWith(".DLT")).sorted().toList()) {
            List<TopicReader.Read> letters = topics.readAll(name);
            total += letters.size();
            if (!letters.isEmpty()) {
                violations.add("DEAD LETTERS " + letters.size() + " in " + name
                        + " (the workload sends no poison); first key " + letters.getFirst().key());
            }
        }
        notes.add(total + " dead letters");
    }

    private Map<String, String> asyncPaymentStatuses(List<Ledger.Entry> entries) {
        Map<String, String> statuses = new HashMap<>();
        for (Ledger.Entry entry : entries) {
            if (entry.op().equals("pay-async") && entry.outcome() == Ledger.Outcome.OK && entry.ref() != null) {
                try {
                    statuses.put(entry.ref(), JSON.readTree(get("/payments/" + entry.ref())).get("status")
                            .asString());
                } catch (Exception e) {
                    statuses.put(entry.ref(), e.getMessage() != null && e.getMessage().contains("HTTP 404")
                            ? "expired" : UNREADABLE);
                }
            }
        }
        return statuses;
    }

    private String get(String path) throws IOException, InterruptedException {
        IOException last = null;
        for (AppInstance app : apps) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return answer.body();
                }
                last = new IOException(path + ": HTTP " + answer.statusCode() + " " + answer.body());
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private Map<String, Long> count(String topic, Function<GenericRecord, String> id) {
        Map<String, Long> counts = new HashMap<>();
        for (TopicReader.Read read : topics.readAll(topic)) {
            String key = read.value() == null ? null : id.apply(read.value());
            if (key != null) {
                counts.merge(key, 1L, Long::sum);
            }
        }
        return counts;
    }

    private static String str(GenericRecord record, String field) {
        Object value = record.get(field);
        return value == null ? null : value.toString();
    }

    record Event(long offset, String eventId, long version, String status) {
    }

    private static Map<String, List<Event>> eventsByOrder(List<TopicReader.Read> reads) {
        Map<String, List<Event>> events = new HashMap<>();
        for (TopicReader.Read read : reads) {
            if (read.value() == null) {
                continue;
            }
            GenericRecord order = (GenericRecord) read.value().get("order");
            events.computeIfAbsent(str(read.value(), "order_id"), id -> new ArrayList<>()).add(new Event(
                    read.offset(), str(read.value(), "event_id"), (Long) read.value().get("version"),
                    str(order, "status")));
        }
        events.values().forEach(list -> list.sort(Comparator.comparingLong(Event::offset)));
        return events;
    }

    record DbOrder(String orderId, String customerId, String status, long version, BigDecimal total,
                   String currency) {
    }

    private Map<String, DbOrder> ordersFromDatabase() throws SQLException {
        Map<String, DbOrder> orders = new HashMap<>();
        query("SELECT order_id, customer_id, status, version, total, currency FROM orders", rows ->
                orders.put(rows.getString(1), new DbOrder(rows.getString(1), rows.getString(2), rows.getString(3),
                        rows.getLong(4), rows.getBigDecimal(5), rows.getString(6).trim())));
        return orders;
    }

    private long openOrders() throws SQLException {
        long[] open = {0};
        query("SELECT count(*) FROM orders WHERE status NOT IN ('SHIPPED', 'CANCELLED')", rows -> open[0] = rows.getLong(1));
        return open[0];
    }

    private boolean readModelCaughtUp() throws SQLException {
        long[] behind = {0};
        query("SELECT count(*) FROM orders o LEFT JOIN order_details d ON d.order_id = o.order_id "
                + "WHERE d.version IS DISTINCT FROM o.version", rows -> behind[0] = rows.getLong(1));
        return behind[0] == 0;
    }

    /** Each consumer group's lag over its committed partitions, against the last stable offsets. */
    Map<String, Long> lagByGroup() throws Exception {
        Map<String, Long> lag = new LinkedHashMap<>();
        for (var listing : admin.listConsumerGroups().all().get()) {
            String group = listing.groupId();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            long total = 0;
            for (var e : committed.entrySet()) {
                if (e.getValue() != null && ends.containsKey(e.getKey())) {
                    total += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                }
            }
            lag.put(group, total);
        }
        return lag;
    }

    @FunctionalInterface
    private interface RowHandler {
        void row(ResultSet rows) throws SQLException;
    }

    private void query(String sql, RowHandler handler) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                handler.row(rows);
            }
        }
    }
}
