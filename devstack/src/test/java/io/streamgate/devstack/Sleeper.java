package io.streamgate.devstack;

import java.util.concurrent.CountDownLatch;

/** A child process main that runs until killed. */
public final class Sleeper {

    private Sleeper() {
    }

    public static void main(String[] args) throws InterruptedException {
        new CountDownLatch(1).await();
    }
}
