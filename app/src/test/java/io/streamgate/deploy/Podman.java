package io.streamgate.deploy;

import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * The podman CLI as this machine kind runs it: {@code podman --runtime runc} (cgroups v1, not crun) with
 * {@code CONTAINERS_CONF=deploy/image/containers.conf} (no default ulimits: the machine is itself a container).
 *
 * <p>Every container it starts carries the label {@value #OWNER_LABEL} with this JVM's pid: {@link #require} removes
 * those of JVMs that are gone (a test JVM killed with {@code kill -9} cannot clean up), and a shutdown hook removes
 * this JVM's own.
 */
final class Podman {

    static final String OWNER_LABEL = "io.streamgate.proof.owner";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(name -> {
            try {
                new ProcessBuilder(command("rm", "-f", name)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException ignored) {
                // the JVM is exiting: nothing more to do
            }
        }), "podman-reaper"));
    }

    private final Path root;

    private Podman(Path root) {
        this.root = root;
    }

    /**
     * The CLI, once {@code podman} and {@code runc} are on the PATH. In CI ({@code CI} set) a missing tool fails the
     * test; elsewhere it is skipped, saying what to install.
     */
    static Podman require(Path repositoryRoot) {
        requireTools(System.getenv());
        Podman podman = new Podman(repositoryRoot);
        podman.removeAbandonedContainers();
        return podman;
    }

    /** Fails (with {@code CI} in {@code environment}) or aborts the test unless podman and runc are on its PATH. */
    static void requireTools(Map<String, String> environment) {
        String path = Objects.requireNonNullElse(environment.get("PATH"), "");
        List<String> missing = Stream.of("podman", "runc").filter(tool -> !onPath(path, tool)).toList();
        if (!missing.isEmpty()) {
            String message = missing + " not on the PATH: the container proof needs podman and runc "
                    + "(Debian: apt-get install podman runc; .ci/run installs them)";
            if (environment.get("CI") != null) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }

    /**
     * {@code podman load} of a docker-archive tarball (what Jib's {@code buildTar} writes).
     *
     * @return the image id: the digest of the image's configuration. Runs use it rather than the tag, which another
     *         build on this machine may move to its own image at any time.
     */
    String load(Path tarball) {
        String id = "sha256:" + sha256(entry(tarball, configEntry(tarball)));
        Result loaded = run(COMMAND_TIMEOUT, "load", "-i", tarball.toString());
        loaded.assertSucceeded("podman load " + tarball);
        run(COMMAND_TIMEOUT, "image", "exists", id).assertSucceeded("image " + id + " after podman load");
        return id;
    }

    /** Starts a container in the background ({@code podman run -d}); {@code options} go before the image. */
    String start(String name, List<String> options, String image, List<String> args) {
        List<String> command = new ArrayList<>(List.of("run", "-d", "--name", name,
                "--label", OWNER_LABEL + "=" + ProcessHandle.current().pid()));
        command.addAll(options);
        command.add(image);
        command.addAll(args);
        STARTED.add(name);
        run(COMMAND_TIMEOUT, command.toArray(String[]::new)).assertSucceeded("podman run " + name);
        return name;
    }

    /** Runs a container to its end ({@code podman run --rm}) and returns its exit code and output. */
    Result runToEnd(String name, List<String> options, String image, List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>(List.of("run", "--rm", "--name", name,
                "--label", OWNER_LABEL + "=" + ProcessHandle.current().pid()));
        command.addAll(options);
        command.add(image);
        command.addAll(args);
        STARTED.add(name);
        try {
            return run(timeout, command.toArray(String[]::new));
        } finally {
            STARTED.remove(name);
        }
    }

    /** {@code podman inspect --format <format> <container>}. */
    String inspect(String container, String format) {
        Result result = run(COMMAND_TIMEOUT, "inspect", "--format", format, container);
        result.assertSucceeded("podman inspect " + container);
        return result.output().strip();
    }

    /**
     * The real, effective, saved and filesystem uids of the container's main process, as its user namespace sees them
     * ({@code Uid:} of {@code /proc/<pid>/status}; the image has no {@code ps} for {@code podman top}). Rootful
     * podman shares the host's namespace; rootless podman reads it through {@code podman unshare}.
     */
    List<String> uids(String container) {
        String pid = inspect(container, "{{.State.Pid}}");
        String status;
        if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
            try {
                status = Files.readString(Path.of("/proc", pid, "status"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            Result unshared = run(COMMAND_TIMEOUT, "unshare", "cat", "/proc/" + pid + "/status");
            status = unshared.assertSucceeded("podman unshare cat /proc/" + pid + "/status").output();
        }
        return status.lines().filter(line -> line.startsWith("Uid:")).findFirst()
                .map(line -> List.of(line.substring("Uid:".length()).strip().split("\\s+")))
                .orElseThrow(() -> new AssertionError("no Uid line in /proc/" + pid + "/status"));
    }

    boolean isRunning(String container) {
        return "true".equals(inspect(container, "{{.State.Running}}"));
    }

    /** {@code podman kill --signal <signal>}: what the kubelet sends once the preStop hook is done. */
    void signal(String container, String signal) {
        run(COMMAND_TIMEOUT, "kill", "--signal", signal, container).assertSucceeded("podman kill " + container);
    }

    /** The container's log, also written to {@code logDirectory/<name>.log}. */
    String logs(String container, Path logDirectory) {
        String output = run(COMMAND_TIMEOUT, "logs", container).output();
        try {
            Files.createDirectories(logDirectory);
            Files.writeString(logDirectory.resolve(container + ".log"), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return output;
    }

    void remove(String container) {
        run(COMMAND_TIMEOUT, "rm", "-f", "--ignore", container);
        STARTED.remove(container);
    }

    /** Removes the image unless a container (of another build on this machine) still uses it. */
    void removeImageIfUnused(String image) {
        run(COMMAND_TIMEOUT, "image", "rm", image);
    }

    private void removeAbandonedContainers() {
        Result listed = run(COMMAND_TIMEOUT, "ps", "-a", "--filter", "label=" + OWNER_LABEL,
                "--format", "{{.Names}} {{index .Labels \"" + OWNER_LABEL + "\"}}");
        for (String line : listed.output().lines().toList()) {
            String[] nameAndOwner = line.strip().split(" ");
            if (nameAndOwner.length == 2 && nameAndOwner[1].matches("\\d+")
                    && ProcessHandle.of(Long.parseLong(nameAndOwner[1])).isEmpty()) {
                remove(nameAndOwner[0]);
            }
        }
    }

    /** Exit code and output (stdout and stderr together) of one podman command or container. */
    record Result(String command, int exitCode, String output) {

        Result assertSucceeded(String what) {
            if (exitCode != 0) {
                fail(what + " exited " + exitCode + " (" + command + "):\n" + tail(output, 60));
            }
            return this;
        }
    }

    static String tail(String output, int lines) {
        List<String> all = output.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private Result run(Duration timeout, String... args) {
        List<String> command = command(args);
        try {
            Path output = Files.createTempFile("podman", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                builder.environment().putIfAbsent("CONTAINERS_CONF",
                        root.resolve("deploy/image/containers.conf").toString());
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                            + tail(Files.readString(output), 60));
                }
                return new Result(String.join(" ", command), process.exitValue(), Files.readString(output));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of("podman", "--runtime", "runc"));
        command.addAll(List.of(args));
        return command;
    }

    private static boolean onPath(String path, String tool) {
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, tool)).anyMatch(Files::isExecutable);
    }

    /** The name of the image configuration inside a docker-archive tarball (its manifest.json says). */
    private static String configEntry(Path tarball) {
        JsonNode manifest = JsonMapper.builder().build().readTree(
                new String(entry(tarball, "manifest.json"), StandardCharsets.UTF_8));
        return manifest.get(0).get("Config").asString();
    }

    /** One file of an uncompressed tar archive (ustar or PAX headers; Jib writes short names). */
    private static byte[] entry(Path tarball, String name) {
        try (InputStream in = Files.newInputStream(tarball)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String entryName = cString(header, 0, 100);
                long size = Long.parseLong(cString(header, 124, 12).strip(), 8);
                long padded = (size + 511) / 512 * 512;
                if (entryName.equals(name)) {
                    byte[] content = in.readNBytes((int) size);
                    in.skipNBytes(padded - size);
                    return content;
                }
                in.skipNBytes(padded);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + tarball, e);
        }
        return fail("no " + name + " in " + tarball);
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
