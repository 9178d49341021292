package io.streamgate.loadgen;

/**
 * What an {@link HttpTarget} sends: request number {@code sequence} as HTTP/1.1 bytes, encoded into a caller-owned
 * buffer so that sending allocates nothing. {@link RequestTemplate} sends one route; {@link TripsWorkload} spreads
 * trips over the three trip routes.
 */
public interface Requests {

    /** A buffer size that fits any request {@link #encode} produces. */
    int maxLength();

    /** Writes request number {@code sequence} into {@code buffer} and returns its length. */
    int encode(long sequence, byte[] buffer);

    /** True if the requests are HEAD (their responses have no body). */
    boolean isHead();
}
