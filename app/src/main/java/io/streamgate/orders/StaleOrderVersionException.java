package io.streamgate.orders;

/** The client's {@code If-Match} names a version the order has moved past (answered 412). */
class StaleOrderVersionException extends RuntimeException {

    private final long currentVersion;

    StaleOrderVersionException(String orderId, long currentVersion) {
        super("Order " + orderId + " has changed: it is at version " + currentVersion
                + "; read it again and retry with its ETag.", null, false, false);
        this.currentVersion = currentVersion;
    }

    long currentVersion() {
        return currentVersion;
    }
}
