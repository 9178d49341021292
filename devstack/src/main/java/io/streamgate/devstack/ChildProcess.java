package io.streamgate.devstack;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A JVM child process (broker, registry) launched through {@link ChildWatchdog} with the same {@code java} as the
 * running JVM, its output appended to a log file, its pid written to a pid file.
 *
 * <p>Every child carries a marker system property ({@code -Dstreamgate.devstack.child=<name>@<data dir>}) so a
 * later start can tell, from a pid file a killed JVM left behind, whether that pid is still our child or an
 * unrelated process that reused the number.
 */
final class ChildProcess {

    private static final Log log = LogFactory.getLog(ChildProcess.class);
    static final String MARKER_PROPERTY = "streamgate.devstack.child";

    private final String name;
    private final Path dataDir;
    private final Path logFile;
    private final Path pidFile;
    private Process process;
    /** Held, never written: its closing (when this JVM dies) tells the child's watchdog to exit. */
    private OutputStream stdin;

    ChildProcess(String name, Path dataDir) {
        this.name = name;
        this.dataDir = dataDir;
        this.logFile = dataDir.resolve("logs").resolve(name + ".log");
        this.pidFile = dataDir.resolve("run").resolve(name + ".pid");
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    String marker() {
        return name + "@" + dataDir.toAbsolutePath().normalize();
    }

    /** JVM options given as one space-separated setting ({@code streamgate.devstack.kafka.jvm-options}); blank: none. */
    static List<String> options(String spaceSeparated) {
        return spaceSeparated == null || spaceSeparated.isBlank() ? List.of()
                : List.of(spaceSeparated.trim().split("\\s+"));
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    /**
     * Starts {@code mainClass} on {@code classpath} behind the watchdog. {@code jvmOptions} come before the main
     * class, {@code args} after it.
     */
    synchronized void start(String classpath, List<String> jvmOptions, String mainClass, List<String> args,
                            Path workingDir) throws IOException {
        start(classpath, jvmOptions, mainClass, args, workingDir, List.of());
    }

    /**
     * The same, with {@code launcher} before {@code java}: a command that execs the rest in place, such as
     * {@code ip netns exec <namespace>}, so the pid stays the JVM's.
     */
    synchronized void start(String classpath, List<String> jvmOptions, String mainClass, List<String> args,
                            Path workingDir, List<String> launcher) throws IOException {
        if (isRunning()) {
            return;
        }
        Files.createDirectories(logFile.getParent());
        Files.createDirectories(pidFile.getParent());
        Files.createDirectories(workingDir);
        List<String> command = new ArrayList<>();
        if (SETSID.isPresent()) {
            // Its own session: a Ctrl-C in the terminal signals the whole foreground process group, and the broker
            // must not stop while the application is still flushing into it. The application stops its children
            // itself, after its producers closed. setsid execs in place (we are not a group leader): same pid.
            command.add(SETSID.get().toString());
        }
        command.addAll(launcher);
        command.add(javaExecutable());
        command.add("-D" + MARKER_PROPERTY + "=" + marker());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(WatchdogInstaller.install(dataDir) + java.io.File.pathSeparator + classpath);
        command.add(ChildWatchdog.class.getName());
        command.add(mainClass);
        command.addAll(args);
        appendToLog("---- starting " + name + " ----");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        process = builder.start();
        stdin = process.getOutputStream();
        Files.writeString(pidFile, Long.toString(process.pid()));
    }

    /** Runs a command to completion (e.g. storage format), output to the log file; fails on a non-zero exit. */
    void runToCompletion(String classpath, List<String> jvmOptions, String mainClass, List<String> args,
                         Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        appendToLog("---- running " + mainClass + " " + String.join(" ", args) + " ----");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        p.getOutputStream().close();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(mainClass + " did not finish within " + timeout + "; see " + logFile);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(mainClass + " failed with exit code " + p.exitValue() + ":\n"
                    + tailOfLog());
        }
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    synchronized Optional<Long> pid() {
        return process == null ? Optional.empty() : Optional.of(process.pid());
    }

    /** Throws with the end of the log if the child died, e.g. while we wait for it to become ready. */
    synchronized void checkAlive() {
        if (process != null && !process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + ":\n" + tailOfLog());
        }
    }

    /** SIGTERM (the child's shutdown hooks run), wait up to {@code grace}, then SIGKILL. */
    synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        terminate(process.toHandle(), grace, name);
        forget();
    }

    /** {@code kill -9}, and waits until the process is gone. The pid file goes; a later start writes a new one. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        ProcessHandle handle = process.toHandle();
        handle.destroyForcibly();
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException(name + " (pid " + handle.pid() + ") does not die", e);
        }
        forget();
    }

    /** After the process is gone: its stdin closed, its pid file deleted (a later start writes a new one). */
    private void forget() {
        closeQuietly(stdin);
        process = null;
        stdin = null;
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.warn("Could not delete " + pidFile, e);
        }
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}) with {@code kill -s}; nothing when not running. */
    synchronized void signal(String signal) {
        if (!isRunning()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -s " + signal + " " + process.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot signal " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling " + name, e);
        }
    }

    /** Kills the process that a killed JVM left behind, if its pid file names a live child of ours. */
    void cleanUpStale(Duration grace) {
        readPid(pidFile)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().map(c -> c.contains(marker())).orElse(false))
                .ifPresent(handle -> {
                    log.warn("Stopping " + name + " (pid " + handle.pid() + ") left behind by a previous run");
                    terminate(handle, grace, name);
                });
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot delete " + pidFile, e);
        }
    }

    static void terminate(ProcessHandle handle, Duration grace, String name) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        boolean interrupted = false;
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return;
        } catch (InterruptedException e) {
            // Still kill the child (it must not outlive us), then give the caller its interrupt back.
            interrupted = true;
            log.warn("Interrupted while waiting for " + name + " (pid " + handle.pid() + ") to stop, killing it");
        } catch (TimeoutException | ExecutionException e) {
            log.warn(name + " (pid " + handle.pid() + ") did not stop within " + grace + ", killing it");
        }
        handle.destroyForcibly();
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException(name + " (pid " + handle.pid() + ") does not die", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return first.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The last lines of the log, for error messages that say why a child failed. */
    String tailOfLog() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - 4000);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    private void appendToLog(String line) throws IOException {
        Files.writeString(logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private static void closeQuietly(OutputStream out) {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // the child is gone already
        }
    }

    /** Copies the watchdog's class file into {@code <dataDir>/bin}, whatever way this code itself is packaged. */
    static final class WatchdogInstaller {

        private WatchdogInstaller() {
        }

        static synchronized String install(Path dataDir) throws IOException {
            Path bin = dataDir.resolve("bin").toAbsolutePath().normalize();
            String resource = ChildWatchdog.class.getName().replace('.', '/') + ".class";
            Path target = bin.resolve(resource);
            try (InputStream in = ChildWatchdog.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("Class file " + resource + " not found");
                }
                byte[] bytes = in.readAllBytes();
                if (!Files.exists(target) || !java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
                    Files.createDirectories(target.getParent());
                    Path tmp = Files.createTempFile(target.getParent(), "watchdog", ".tmp");
                    Files.write(tmp, bytes);
                    Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return bin.toString();
        }
    }
}
