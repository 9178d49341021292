package io.streamgate.orders;

/** No order has this id (answered 404). */
class OrderNotFoundException extends RuntimeException {

    OrderNotFoundException(String orderId) {
        super("No order " + orderId + ".", null, false, false);
    }
}
