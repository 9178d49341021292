package io.streamgate.platform.idempotency;

import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.support.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import reactor.core.publisher.Sinks;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A claim taken over after its lease belongs to the retry that took it: the first request, still running, can neither
 * release it nor complete it when it finally ends. On the real Postgres, through the platform's {@link Idempotency};
 * each request's work is a sink the test completes when it chooses, so "late" is exact rather than timed.
 */
class IdempotencyClaimFencingTest extends EndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    Idempotency idempotency;
    @Autowired
    DataSource dataSource;

    private JdbcClient db;
    private IdempotencyKey key;

    @BeforeEach
    void newKey() {
        db = JdbcClient.create(dataSource);
        key = IdempotencyKey.of("POST /fencing-test|-", UUID.randomUUID().toString());
    }

    @Test
    void shouldNotLetTheFirstRequestReleaseTheClaimOfTheRetryThatTookItOver() throws Exception {
        Request first = start();
        Request retry = takeOverAfterTheLease(first);

        first.work.tryEmitError(ApiProblem.unavailable("Kafka is not available.", Duration.ofSeconds(1)));
        assertThatThrownBy(() -> answer(first)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ApiProblem.class);

        assertThat(row()).containsEntry("state", "IN_PROGRESS");
        assertThatThrownBy(() -> answer(start())).as("a third request still finds the retry running")
                .cause().isInstanceOfSatisfying(ApiProblem.class,
                        problem -> assertThat(problem.status()).isEqualTo(HttpStatus.CONFLICT));

        retry.work.tryEmitValue(ResponseEntity.status(HttpStatus.CREATED).body(Map.of("by", "retry")));
        assertThat(answer(retry).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(row()).containsEntry("state", "COMPLETED").containsEntry("response_status", 201);
        assertThat(storedBody()).isEqualTo("{\"by\":\"retry\"}");
    }

    @Test
    void shouldNotLetTheFirstRequestCompleteTheClaimOfTheRetryThatTookItOver() throws Exception {
        Request first = start();
        Request retry = takeOverAfterTheLease(first);

        first.work.tryEmitValue(ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("by", "first")));
        // The first request's client still gets its own answer: its work did run.
        assertThat(answer(first).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

        assertThat(row()).containsEntry("state", "IN_PROGRESS").containsEntry("response_status", null);

        retry.work.tryEmitValue(ResponseEntity.status(HttpStatus.CREATED).body(Map.of("by", "retry")));
        assertThat(answer(retry).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(row()).containsEntry("state", "COMPLETED").containsEntry("response_status", 201);
        assertThat(storedBody()).isEqualTo("{\"by\":\"retry\"}");
        // And a later retry is replayed the retry's answer.
        ResponseEntity<?> replay = answer(start());
        assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(replay.getHeaders().getFirst(Idempotency.REPLAYED_HEADER)).isEqualTo("true");
    }

    @Test
    void shouldNotLetTheFirstRequestOverwriteTheRetrysCompletedResponse() throws Exception {
        Request first = start();
        Request retry = takeOverAfterTheLease(first);
        retry.work.tryEmitValue(ResponseEntity.status(HttpStatus.CREATED).body(Map.of("by", "retry")));
        answer(retry);

        first.work.tryEmitValue(ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("by", "first")));
        answer(first);

        assertThat(row()).containsEntry("state", "COMPLETED").containsEntry("response_status", 201);
        assertThat(storedBody()).isEqualTo("{\"by\":\"retry\"}");
    }

    /** A request with this key whose work runs until the test completes {@code work}. */
    private record Request(Sinks.One<ResponseEntity<?>> work, AtomicBoolean running,
                           CompletableFuture<ResponseEntity<?>> response) {
    }

    private static ResponseEntity<?> answer(Request request) throws Exception {
        return request.response().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private Request start() {
        Sinks.One<ResponseEntity<?>> work = Sinks.one();
        AtomicBoolean running = new AtomicBoolean();
        CompletableFuture<ResponseEntity<?>> response = idempotency.execute(key, "the same request", () -> {
            running.set(true);
            return work.asMono();
        }).toFuture();
        return new Request(work, running, response);
    }

    /** The first request's claim outlives its lease (its replica looks dead); a retry takes the key over. */
    private Request takeOverAfterTheLease(Request first) {
        await().atMost(WAIT).untilTrue(first.running());
        db.sql("UPDATE idempotency_keys SET claimed_at = claimed_at - interval '1 hour' "
                        + "WHERE scope = ? AND idempotency_key = ?")
                .params(key.scope(), key.value()).update();
        Request retry = start();
        await().atMost(WAIT).untilTrue(retry.running());
        assertThat(first.response()).isNotDone();
        return retry;
    }

    private Map<String, Object> row() {
        return db.sql("SELECT state, response_status FROM idempotency_keys WHERE scope = ? AND idempotency_key = ?")
                .params(key.scope(), key.value())
                .query((rs, n) -> {
                    Map<String, Object> row = new HashMap<>();
                    row.put("state", rs.getString(1));
                    row.put("response_status", rs.getObject(2));
                    return row;
                })
                .optional().orElse(Map.of());
    }

    private String storedBody() {
        return new String(db.sql("SELECT response_body FROM idempotency_keys WHERE scope = ? AND idempotency_key = ?")
                .params(key.scope(), key.value()).query(byte[].class).single(), StandardCharsets.UTF_8);
    }
}
