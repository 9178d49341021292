package io.streamgate.platform.database;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.concurrent.Callable;

/**
 * Blocking work, JDBC above all, off the event loop: an event loop that waits for the database serves no other
 * connection meanwhile. {@link #call} runs the work on Reactor's bounded elastic scheduler, whose threads may block
 * (ten per core at most, then a bounded queue), when the returned {@code Mono} is subscribed to; its result or
 * exception is the {@code Mono}'s. A subscriber that cancels (a client gone) interrupts the thread.
 * <p>
 * For a short transaction of new rows that may share its commit with others', see {@link GroupCommit}.
 */
public final class Blocking {

    private Blocking() {
    }

    public static <T> Mono<T> call(Callable<? extends T> work) {
        return Mono.<T>fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
