package io.streamgate.faultlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker whose disk fills up, made safely: its node directory ({@code <stack>/kafka/node-<n>}: storage, metadata
 * log, configuration) is a small tmpfs mounted for the run (root only), so nothing outside it can fill. The fault
 * writes a ballast file into that tmpfs that leaves {@link #MARGIN} free, which the load (every partition has a
 * replica on every broker) fills within seconds; healing removes the ballast and starts the broker again.
 *
 * <p>The tmpfs is named {@value #SOURCE} in the mount table: {@link #prepare} first unmounts any tmpfs of that name a
 * crashed earlier run left (and nothing else), {@link #close} unmounts this run's.
 */
final class DiskFull implements AutoCloseable {

    static final String SOURCE = "sg-diskfull";
    /** Room for the whole run's replicas of one broker (a short run writes a few MB), held in memory. */
    static final String SIZE = "256m";
    /** What the ballast leaves free: at 10 requests/s the replicas fill it in seconds. */
    static final long MARGIN = 256 * 1024;

    private final Path mountPoint;
    private final Path ballast;
    private boolean mounted;

    DiskFull(Path nodeDir) {
        this.mountPoint = nodeDir.toAbsolutePath().normalize();
        this.ballast = mountPoint.resolve("ballast");
    }

    /** The mount command: a tmpfs of {@link #SIZE} on the node directory, named {@value #SOURCE}. */
    List<String> mountCommand() {
        return List.of("mount", "-t", "tmpfs", "-o", "size=" + SIZE + ",mode=0755", SOURCE, mountPoint.toString());
    }

    /** The mount points of this lab's tmpfs in a mount table ({@code /proc/mounts}): only those named {@value #SOURCE}. */
    static List<String> ownMounts(List<String> mountTable) {
        List<String> points = new ArrayList<>();
        for (String line : mountTable) {
            String[] fields = line.split(" ");
            if (fields.length >= 3 && fields[0].equals(SOURCE) && fields[2].equals("tmpfs")) {
                points.add(fields[1].replace("\\040", " "));
            }
        }
        return points;
    }

    /** How large the ballast must be to leave {@code margin} of {@code usable} bytes free. */
    static long ballastSize(long usable, long margin) {
        return Math.max(0, usable - margin);
    }

    /** Unmounts an earlier run's leftovers, then mounts the tmpfs (before the broker's storage is formatted). */
    void prepare() {
        try {
            for (String stale : ownMounts(Files.readAllLines(Path.of("/proc/mounts")))) {
                FaultLab.log("disk-full: unmounting " + stale + ", left by an earlier run");
                run(List.of("umount", "-l", stale));
            }
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(mountCommand());
        mounted = true;
    }

    /** Fills the tmpfs but {@link #MARGIN}. */
    void fill() throws IOException {
        long size = ballastSize(Files.getFileStore(mountPoint).getUsableSpace(), MARGIN);
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        try (FileChannel channel = FileChannel.open(ballast, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long written = 0;
            while (written < size) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - written));
                written += channel.write(zeros);
            }
        } catch (IOException full) {
            // Already fuller than the margin: the tmpfs is full now.
        }
        FaultLab.log("disk-full: " + mountPoint + " filled with " + Files.size(ballast) / (1024 * 1024)
                + " MB of ballast, " + Files.getFileStore(mountPoint).getUsableSpace() / 1024 + " KB left");
    }

    /** Gives the space back. */
    void empty() throws IOException {
        Files.deleteIfExists(ballast);
    }

    @Override
    public void close() {
        if (mounted) {
            run(List.of("umount", "-l", mountPoint.toString()));
            mounted = false;
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("`" + String.join(" ", command) + "` failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", command), e);
        }
    }
}
