package io.streamgate.platform.edge;

/**
 * A token bucket: holds up to {@code capacity} tokens and gains {@code refillPerSecond} per second. Synchronized per
 * bucket, so contention is per client only.
 */
final class TokenBucket {

    private final double capacity;
    private final double refillPerNano;
    private double tokens;
    private long lastRefill;

    TokenBucket(long capacity, double refillPerSecond, long nowNanos) {
        this.capacity = capacity;
        this.refillPerNano = refillPerSecond / 1_000_000_000d;
        this.tokens = capacity;
        this.lastRefill = nowNanos;
    }

    /**
     * Takes one token if there is one.
     *
     * @return 0 when a token was taken, else the nanoseconds until one will be available
     */
    synchronized long tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1d) {
            tokens -= 1d;
            return 0L;
        }
        return (long) Math.ceil((1d - tokens) / refillPerNano);
    }

    /** True when the bucket is full again, so dropping it changes nothing for its client. */
    synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * refillPerNano);
            lastRefill = nowNanos;
        }
    }
}
