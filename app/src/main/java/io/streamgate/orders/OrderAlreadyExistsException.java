package io.streamgate.orders;

/** A client chose an order id that is taken (answered 409; a retry should carry an Idempotency-Key instead). */
class OrderAlreadyExistsException extends RuntimeException {

    OrderAlreadyExistsException(String orderId) {
        super("Order " + orderId + " exists already; to retry a creation safely, send an Idempotency-Key.", null,
                false, false);
    }
}
