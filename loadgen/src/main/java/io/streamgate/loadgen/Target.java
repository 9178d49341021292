package io.streamgate.loadgen;

import java.io.Closeable;
import java.io.IOException;

/**
 * What a {@link Scheduler} puts load on: something that opens connections, each able to perform one exchange
 * at a time. The HTTP implementation is {@link HttpTarget}; a generator of other events (Kafka records, say)
 * implements this to reuse both schedulers and the latency accounting.
 */
public interface Target {

    /** Opens a new connection; called by scheduler threads, possibly concurrently. */
    Connection connect() throws IOException;

    /** One connection, used by one thread at a time. */
    interface Connection extends Closeable {

        /**
         * Performs exchange number {@code sequence} (a run-wide counter the target may use to vary the request)
         * and blocks until its response is complete.
         *
         * @return an HTTP-like status code (a non-HTTP target reports 200 for success)
         * @throws IOException if the connection failed; the scheduler counts an error and reconnects
         */
        int exchange(long sequence) throws IOException;

        /** False once the peer asked to close (e.g. {@code Connection: close}); the scheduler then reconnects. */
        boolean reusable();
    }
}
