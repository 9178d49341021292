package io.streamgate.platform.idempotency;

import io.streamgate.platform.database.Blocking;
import io.streamgate.platform.database.GroupCommit;
import io.streamgate.platform.ids.TimeOrderedIds;
import io.streamgate.platform.problems.ApiProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code Idempotency-Key} handling every POST route shares, so a feature writes only its work: without the header
 * the work runs once with a fresh id; with it, at most once per key (see {@link Idempotency}), with an id derived
 * from the key so that a retry names the same entity. Two flavours:
 * <ul>
 *   <li>{@link #run}: for work whose effect is outside the database (a Kafka publish). The key is claimed before and
 *   completed after the work, in their own statements.</li>
 *   <li>{@link #runInTransaction}: for work that writes to the application's database (an order and its outbox
 *   row). The key, the work's rows and the stored response commit in one transaction, so even a crash between
 *   them cannot let a retry create a second entity.</li>
 * </ul>
 * Without a database, a request that carries a key is answered 503: the key cannot be honoured.
 */
public final class IdempotentPosts {

    private final Idempotency idempotency;
    private final TransactionTemplate transactions;
    private final GroupCommit groupCommit;

    /** @param groupCommit shares commits between keyless requests; {@code null}: a transaction each */
    IdempotentPosts(Idempotency idempotency, TransactionTemplate transactions, GroupCommit groupCommit) {
        this.idempotency = idempotency;
        this.transactions = transactions;
        this.groupCommit = groupCommit;
    }

    /**
     * @param fingerprint a canonical form of the request (equal for requests that mean the same thing); asked for
     *                    only when the client sent a key
     * @param action      the request's work, given the id of the entity it creates: time-ordered
     *                    ({@link TimeOrderedIds}), or derived from the key when the client sent one
     */
    public Mono<ResponseEntity<?>> run(ServerWebExchange exchange, Supplier<String> fingerprint,
                                       Function<UUID, Mono<? extends ResponseEntity<?>>> action) {
        String header = exchange.getRequest().getHeaders().getFirst(IdempotencyKey.HEADER);
        if (header == null) {
            return Mono.defer(() -> action.apply(TimeOrderedIds.next()));
        }
        Idempotency keys = requireDatabase(idempotency);
        IdempotencyKey key = keys.keyOf(exchange, header);
        return keys.execute(key, fingerprint.get(), () -> action.apply(key.derivedUuid()));
    }

    /**
     * Runs {@code work} in one database transaction on a thread that may block; with a key, the key's claim and its
     * stored response are part of that transaction. A failure of the work (an {@link ApiProblem} or any exception)
     * rolls everything back, the key included, so a retry runs afresh.
     * <p>
     * Without a key, the work may share its transaction with other requests' ({@link GroupCommit}, on unless
     * {@code streamgate.database.group-commit.enabled=false}): it must create rows under new keys, have no effect
     * outside the transaction, and be safe to run again after a rollback.
     *
     * @param work blocking database work, given the id of the entity it creates
     */
    public Mono<ResponseEntity<?>> runInTransaction(ServerWebExchange exchange, Supplier<String> fingerprint,
                                                    Function<UUID, ? extends ResponseEntity<?>> work) {
        String header = exchange.getRequest().getHeaders().getFirst(IdempotencyKey.HEADER);
        TransactionTemplate tx = requireDatabase(transactions);
        if (header == null) {
            if (groupCommit != null) {
                return groupCommit.<ResponseEntity<?>>execute(() -> work.apply(TimeOrderedIds.next()));
            }
            return Blocking.<ResponseEntity<?>>call(() -> tx.execute(status -> work.apply(TimeOrderedIds.next())));
        }
        Idempotency keys = requireDatabase(idempotency);
        IdempotencyKey key = keys.keyOf(exchange, header);
        String canonical = fingerprint.get();
        return Blocking.<ResponseEntity<?>>call(() -> tx.execute(status ->
                keys.executeInTransaction(key, canonical, () -> work.apply(key.derivedUuid()))));
    }

    private static <T> T requireDatabase(T dependency) {
        if (dependency == null) {
            throw ApiProblem.unavailable("Idempotency keys need the database, which is not configured.", null);
        }
        return dependency;
    }
}
