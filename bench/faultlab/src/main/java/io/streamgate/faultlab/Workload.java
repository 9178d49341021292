package io.streamgate.faultlab;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The steady mixed workload, open loop at a fixed rate (a stalled request never slows the others down): synchronous
 * and asynchronous payments, code submissions, trip parts in every arrival order, orders through {@code /orders}
 * (a quarter cancelled a moment later, the rest left to the life cycle), and seed 003's cart routes (a quarter
 * cancelled through {@code PUT /update-order}). Requests go round robin to the instances; a connection no instance
 * accepts moves on to the next, as a load balancer does (nothing was sent), and fails only when none accepts.
 *
 * <p>Every effect carries an id of its own the checker finds it by: a payment's {@code customer_id}, a submission's
 * {@code user_id}, a trip's {@code trip_id}, an order's {@code customer_id} or cart {@code orderId}.
 */
final class Workload implements AutoCloseable {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIMESTAMPS = "2026-11-23T10:0";

    private final List<AppInstance> instances;
    private final Ledger ledger;
    private final String run;
    private final int rate;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger next = new AtomicInteger();
    private final Deque<String[]> pendingTripParts = new ArrayDeque<>();
    private volatile boolean running;
    private Thread ticker;
    private long tick;

    Workload(List<AppInstance> instances, Ledger ledger, String run, int rate, long seed) {
        this.instances = List.copyOf(instances);
        this.ledger = ledger;
        this.run = run;
        this.rate = rate;
        this.random = new Random(seed);
    }

    void start() {
        running = true;
        ticker = Thread.ofPlatform().name("workload").daemon().start(this::tickAtFixedRate);
    }

    /** Stops sending and waits for the requests in flight (at most their timeout, and the follow-ups' delay). */
    void stop() throws InterruptedException {
        running = false;
        if (ticker != null) {
            ticker.join();
        }
        requests.shutdown();
        requests.awaitTermination(REQUEST_TIMEOUT.toSeconds() * 3 + 10, TimeUnit.SECONDS);
    }

    private void tickAtFixedRate() {
        long periodNanos = 1_000_000_000L / rate;
        long due = System.nanoTime();
        while (running) {
            due += periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runnable operation = nextOperation();
            requests.execute(operation);
        }
    }

    /** The mix: payments 35 % (a third of them asynchronous), submissions 15, trip parts 25, orders 15, cart 10. */
    private Runnable nextOperation() {
        long n = ++tick;
        int pick = random.nextInt(100);
        if (pick < 25) {
            return () -> payment("pay-sync", "FL-P-" + run + "-" + n, false);
        } else if (pick < 35) {
            return () -> payment("pay-async", "FL-A-" + run + "-" + n, true);
        } else if (pick < 50) {
            return () -> submission("FL-S-" + run + "-" + n);
        } else if (pick < 75) {
            String[] part = nextTripPart(n);
            return () -> tripPart(part[0], part[1]);
        } else if (pick < 90) {
            boolean cancel = random.nextInt(4) == 0;
            long delay = random.nextInt(3000);
            return () -> order("FL-O-" + run + "-" + n, cancel, delay);
        } else {
            boolean cancel = random.nextInt(4) == 0;
            long delay = random.nextInt(3000);
            return () -> cart("FL-C-" + run + "-" + n, cancel, delay);
        }
    }

    /** The next part of a trip: each new trip's three parts are queued in a random order, so every order occurs. */
    private String[] nextTripPart(long n) {
        if (pendingTripParts.isEmpty() || random.nextInt(3) == 0) {
            String trip = "FL-T-" + run + "-" + n;
            List<String[]> parts = new ArrayList<>(List.of(
                    new String[] {"trip-requested", trip}, new String[] {"trip-assigned", trip},
                    new String[] {"trip-completed", trip}));
            Collections.shuffle(parts, random);
            parts.forEach(pendingTripParts::addLast);
        }
        // Take from a random end: parts of different trips interleave.
        return random.nextBoolean() ? pendingTripParts.pollFirst() : pendingTripParts.pollLast();
    }

    private void payment(String op, String customer, boolean async) {
        String body = """
                {"amount": %d.%02d, "currency": "USD", "customer_id": "%s"}""".formatted(
                1 + Math.floorMod(customer.hashCode(), 500), Math.floorMod(customer.hashCode(), 100), customer);
        send(op, customer, "POST", "/payments", body, async ? "respond-async" : null, "payment_id");
    }

    private void submission(String user) {
        String body = """
                {"code": "print(sum(range(10)))", "language": "python", "input_data": "", "user_id": "%s"}"""
                .formatted(user);
        send("submit", user, "POST", "/submit-code", body, null, "request_id");
    }

    private void tripPart(String op, String trip) {
        String body = switch (op) {
            case "trip-requested" -> """
                    {"trip_id":"%s","rider_id":"RIDER-1","pickup_latitude":37.7749,"pickup_longitude":-122.4194,\
                    "dropoff_latitude":37.8044,"dropoff_longitude":-122.2712,"requested_at":"%s0:00Z"}"""
                    .formatted(trip, TIMESTAMPS);
            case "trip-assigned" -> """
                    {"trip_id":"%s","driver_id":"DRIVER-7","vehicle_plate":"7ABC123",\
                    "vehicle_model":"Toyota Prius","assigned_at":"%s1:00Z"}""".formatted(trip, TIMESTAMPS);
            default -> """
                    {"trip_id":"%s","distance_meters":18250,"duration_seconds":1560,"fare":42.50,"tip":5.00,\
                    "currency":"USD","completed_at":"%s9:00Z"}""".formatted(trip, TIMESTAMPS);
        };
        String path = switch (op) {
            case "trip-requested" -> "/trips/requested";
            case "trip-assigned" -> "/trips/driver-assigned";
            default -> "/trips/completed";
        };
        send(op, trip, "POST", path, body, null, null);
    }

    private void order(String customer, boolean cancel, long cancelDelayMillis) {
        String body = """
                {"customer_id": "%s", "currency": "USD", "items": [{"sku": "BOOK-0001", "quantity": 2, \
                "unit_price": 12.99}, {"sku": "MUG-0007", "quantity": 1, "unit_price": 8.75}]}""".formatted(customer);
        Ledger.Entry created = send("order-create", customer, "POST", "/orders", body, null, "order_id");
        if (cancel && created.outcome() == Ledger.Outcome.OK && created.ref() != null) {
            pause(cancelDelayMillis);
            send("order-cancel", created.ref(), "DELETE", "/orders/" + created.ref(), null, null, null);
        }
    }

    private void cart(String orderId, boolean cancel, long cancelDelayMillis) {
        Ledger.Entry created = send("cart-create", orderId, "POST", "/create-order", """
                {"orderId": "%s", "itemsCount": 2}""".formatted(orderId), null, null);
        if (cancel && created.outcome() == Ledger.Outcome.OK) {
            pause(cancelDelayMillis);
            send("cart-cancel", orderId, "PUT", "/update-order", """
                    {"orderId": "%s", "status": "cancelled"}""".formatted(orderId), null, null);
        }
    }

    /**
     * Sends one request to the next instance that accepts a connection and records it. {@code refField} names a
     * field of the answer to keep (an order's or an asynchronous payment's id).
     */
    private Ledger.Entry send(String op, String id, String method, String path, String body, String prefer,
                              String refField) {
        long seq = ledger.nextSeq();
        long start = System.currentTimeMillis();
        int first = Math.floorMod(next.getAndIncrement(), instances.size());
        String refusal = null;
        for (int attempt = 0; attempt < instances.size(); attempt++) {
            AppInstance instance = instances.get((first + attempt) % instances.size());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + path))
                    .timeout(REQUEST_TIMEOUT)
                    .header("X-Request-ID", "fl-" + run + "-" + seq)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (prefer != null) {
                request.header("Prefer", prefer);
            }
            try {
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                Ledger.Outcome outcome = Ledger.outcomeOf(answer.statusCode());
                String ref = outcome == Ledger.Outcome.OK && refField != null ? field(answer.body(), refField) : null;
                return record(new Ledger.Entry(seq, op, instance.number(), id, start, System.currentTimeMillis(),
                        answer.statusCode(), outcome, ref, outcome == Ledger.Outcome.OK ? null : answer.body()));
            } catch (HttpConnectTimeoutException | ConnectException notSent) {
                refusal = instance + ": " + notSent;
            } catch (HttpTimeoutException timeout) {
                return record(new Ledger.Entry(seq, op, instance.number(), id, start, System.currentTimeMillis(), 0,
                        Ledger.Outcome.INDETERMINATE, null, "timeout after " + REQUEST_TIMEOUT));
            } catch (IOException reset) {
                return record(new Ledger.Entry(seq, op, instance.number(), id, start, System.currentTimeMillis(), 0,
                        Ledger.Outcome.INDETERMINATE, null, reset.toString()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return record(new Ledger.Entry(seq, op, instance.number(), id, start, System.currentTimeMillis(), 0,
                        Ledger.Outcome.INDETERMINATE, null, "interrupted"));
            }
        }
        return record(new Ledger.Entry(seq, op, 0, id, start, System.currentTimeMillis(), 0, Ledger.Outcome.FAILED,
                null, "no instance accepted the connection; last " + refusal));
    }

    private Ledger.Entry record(Ledger.Entry entry) {
        ledger.record(entry);
        return entry;
    }

    private static String field(String json, String name) {
        try {
            JsonNode node = JSON.readTree(json);
            JsonNode value = node.get(name);
            if (value == null && node.has("order")) {
                value = node.get("order").get(name);
            }
            return value == null || value.isNull() ? null : value.asString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
