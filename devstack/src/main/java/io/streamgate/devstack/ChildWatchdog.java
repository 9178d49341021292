package io.streamgate.devstack;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Entry point of every child process (broker, registry): runs the real main class and exits when the parent dies.
 *
 * <p>The parent keeps the child's stdin pipe open and never writes to it. When the parent goes away, however it
 * goes (Ctrl-C, crash, {@code kill -9}), the kernel closes the pipe, this class reads end-of-file and exits the
 * child through its normal shutdown hooks; if those hang it halts. So no broker or registry outlives its JVM.
 *
 * <p>No dependencies beyond the JDK: its class file is copied next to the child's own classpath at start.
 * Usage: {@code java -cp <dir>:<classpath> io.streamgate.devstack.ChildWatchdog <main class> <args...>}.
 */
public final class ChildWatchdog {

    /** How long the child's own shutdown hooks get once the parent is gone. */
    private static final long GRACE_MILLIS = 30_000;

    private ChildWatchdog() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: ChildWatchdog <main class> [args...]");
            System.exit(2);
        }
        Thread watcher = new Thread(ChildWatchdog::exitOnEndOfInput, "parent-watchdog");
        watcher.setDaemon(true);
        watcher.start();
        try {
            Class.forName(args[0])
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitOnEndOfInput() {
        try {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            while (in.read(buffer) >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (Exception e) {
            // a broken pipe means the same as end-of-file: the parent is gone
        }
        System.err.println("[watchdog] parent process gone, shutting down");
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(GRACE_MILLIS);
            } catch (InterruptedException ignored) {
                // fall through to halt
            }
            Runtime.getRuntime().halt(1);
        }, "parent-watchdog-halt");
        halter.setDaemon(true);
        halter.start();
        System.exit(0);
    }
}
