package io.streamgate.devstack;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Each broker of a cluster in a network namespace of its own, so that a network partition can be cut and healed
 * ({@code STREAMGATE_DEVSTACK_NETNS=1}, root only; iproute2's {@code ip netns}, veth pairs and iptables).
 *
 * <p>The address plan, private and on this machine only: a bridge {@code sg-br0} in the root namespace with
 * {@code 10.77.0.254/24}; broker {@code n} in namespace {@code sg-kafka-n} with {@code 10.77.0.n/24} on its end
 * ({@code sg-vnp}) of a veth pair whose other end ({@code sg-vn}) is a port of the bridge, and its loopback up. The
 * broker listens and advertises on that address; clients in the root namespace (the application, the fault lab,
 * Kafka's tools) reach it through the bridge. The broker process is started through {@code ip netns exec},
 * which execs: its pid is the JVM's, so {@code kill -9} and {@code SIGSTOP} keep working.
 *
 * <p>Everything is named {@code sg-}; {@link #setUp()} first removes what a crashed earlier run left under those
 * names, and {@link #tearDown()} removes it all (deleting a namespace deletes its veth pair and its iptables rules).
 * Nothing else is touched: no rule in the root namespace, no other interface. One such network runs per machine at a
 * time (a lock in the temporary directory), since its names and addresses are machine-wide.
 *
 * <p>Faults: {@link #partition(int)} drops, inside broker {@code n}'s namespace, every packet to or from the other
 * brokers (clients still reach it); {@link #isolate(int)} drops every packet on its veth (clients too);
 * {@link #heal(int)} flushes its namespace's filter rules.
 */
public final class BrokerNetwork {

    private static final Log log = LogFactory.getLog(BrokerNetwork.class);
    static final String BRIDGE = "sg-br0";
    static final String SUBNET_PREFIX = "10.77.0.";
    static final int PREFIX_LENGTH = 24;
    static final String HOST_ADDRESS = SUBNET_PREFIX + "254";
    /** Brokers beyond this would run into the bridge's address; the dev stack runs 1 or 3. */
    static final int MAX_BROKERS = 9;
    private static final String LOCK_FILE = "streamgate-netns.lock";

    /** Runs one command; returns its exit code and output. Replaced in tests, which only look at the commands. */
    @FunctionalInterface
    interface Shell {
        Result run(List<String> command);

        record Result(int exitCode, String output) {
        }
    }

    private final int brokers;
    private final Shell shell;
    private FileChannel lockChannel;
    private FileLock lock;

    BrokerNetwork(int brokers) {
        this(brokers, BrokerNetwork::exec);
    }

    BrokerNetwork(int brokers, Shell shell) {
        if (brokers < 1 || brokers > MAX_BROKERS) {
            throw new IllegalArgumentException("a broker network holds 1-" + MAX_BROKERS + " brokers, not " + brokers);
        }
        this.brokers = brokers;
        this.shell = shell;
    }

    /** Broker {@code n}'s address, {@code 10.77.0.n}. */
    public static String address(int node) {
        return SUBNET_PREFIX + node;
    }

    static String namespace(int node) {
        return "sg-kafka-" + node;
    }

    /** The root namespace's end of broker {@code n}'s veth pair, a port of the bridge. */
    static String hostVeth(int node) {
        return "sg-v" + node;
    }

    /** The namespace's end, which holds the broker's address. */
    static String brokerVeth(int node) {
        return "sg-v" + node + "p";
    }

    /** What a broker's command line starts with: its JVM runs inside its namespace ({@code ip netns exec} execs). */
    static List<String> launcher(int node) {
        return List.of("ip", "netns", "exec", namespace(node));
    }

    public int size() {
        return brokers;
    }

    /** The bridge, then one namespace and veth pair per broker. Fails with the command and its output. */
    List<List<String>> setUpCommands() {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("ip", "link", "add", BRIDGE, "type", "bridge"));
        commands.add(List.of("ip", "addr", "add", HOST_ADDRESS + "/" + PREFIX_LENGTH, "dev", BRIDGE));
        commands.add(List.of("ip", "link", "set", BRIDGE, "up"));
        for (int node = 1; node <= brokers; node++) {
            String namespace = namespace(node);
            commands.add(List.of("ip", "netns", "add", namespace));
            commands.add(List.of("ip", "link", "add", hostVeth(node), "type", "veth", "peer", "name",
                    brokerVeth(node)));
            commands.add(List.of("ip", "link", "set", brokerVeth(node), "netns", namespace));
            commands.add(List.of("ip", "link", "set", hostVeth(node), "master", BRIDGE));
            commands.add(List.of("ip", "link", "set", hostVeth(node), "up"));
            commands.add(List.of("ip", "-n", namespace, "addr", "add", address(node) + "/" + PREFIX_LENGTH, "dev",
                    brokerVeth(node)));
            commands.add(List.of("ip", "-n", namespace, "link", "set", brokerVeth(node), "up"));
            commands.add(List.of("ip", "-n", namespace, "link", "set", "lo", "up"));
        }
        return commands;
    }

    /**
     * Removes every name of the plan (each may be absent): the namespaces (their veth pairs and rules go with them),
     * a veth end a half-made earlier run left in the root namespace, and the bridge. Up to nine brokers, whatever
     * this network's size, so an earlier run of another size leaves nothing behind either.
     */
    List<List<String>> tearDownCommands() {
        List<List<String>> commands = new ArrayList<>();
        IntStream.rangeClosed(1, MAX_BROKERS).forEach(node -> {
            commands.add(List.of("ip", "netns", "delete", namespace(node)));
            commands.add(List.of("ip", "link", "delete", hostVeth(node)));
        });
        commands.add(List.of("ip", "link", "delete", BRIDGE));
        return commands;
    }

    /** Drops, in broker {@code n}'s namespace, every packet to and from the other brokers (not the clients). */
    List<List<String>> partitionCommands(int node) {
        checkNode(node);
        List<List<String>> commands = new ArrayList<>(healCommands(node));
        IntStream.rangeClosed(1, brokers).filter(other -> other != node).forEach(other -> {
            commands.add(iptables(node, "-A", "INPUT", "-i", brokerVeth(node), "-s", address(other), "-j", "DROP"));
            commands.add(iptables(node, "-A", "OUTPUT", "-o", brokerVeth(node), "-d", address(other), "-j", "DROP"));
        });
        return commands;
    }

    /** Drops, in broker {@code n}'s namespace, every packet on its veth: cut from the brokers and the clients. */
    List<List<String>> isolateCommands(int node) {
        checkNode(node);
        List<List<String>> commands = new ArrayList<>(healCommands(node));
        commands.add(iptables(node, "-A", "INPUT", "-i", brokerVeth(node), "-j", "DROP"));
        commands.add(iptables(node, "-A", "OUTPUT", "-o", brokerVeth(node), "-j", "DROP"));
        return commands;
    }

    /** Flushes the filter rules of broker {@code n}'s namespace: only this network ever puts rules there. */
    List<List<String>> healCommands(int node) {
        checkNode(node);
        return List.of(iptables(node, "-F", "INPUT"), iptables(node, "-F", "OUTPUT"));
    }

    /**
     * Checks that this process may build the network (root, {@code ip} on the path), takes the machine-wide lock,
     * removes an earlier run's leftovers and builds the bridge and the namespaces.
     */
    synchronized void setUp() {
        if (lock != null) {
            return;
        }
        checkCanBuild();
        lock();
        runAll(tearDownCommands(), false);
        try {
            runAll(setUpCommands(), true);
        } catch (RuntimeException e) {
            runAll(tearDownCommands(), false);
            unlock();
            throw e;
        }
        log.info("Dev stack: " + brokers + " broker network namespace(s) " + namespace(1) + "... on bridge " + BRIDGE
                + " " + HOST_ADDRESS + "/" + PREFIX_LENGTH);
    }

    /** Removes the namespaces, veth pairs, rules and bridge, and releases the lock. Idempotent. */
    synchronized void tearDown() {
        if (lock == null) {
            return;
        }
        runAll(tearDownCommands(), false);
        unlock();
    }

    /** Cuts broker {@code node} off from the other brokers; the clients still reach it. Undone by {@link #heal}. */
    public synchronized void partition(int node) {
        runAll(partitionCommands(node), true);
    }

    /** Cuts broker {@code node} off from everyone, brokers and clients. Undone by {@link #heal}. */
    public synchronized void isolate(int node) {
        runAll(isolateCommands(node), true);
    }

    /** Lets every packet of broker {@code node} through again. */
    public synchronized void heal(int node) {
        runAll(healCommands(node), true);
    }

    private void checkCanBuild() {
        String uid = run(List.of("id", "-u")).output().trim();
        if (!"0".equals(uid)) {
            throw new IllegalStateException("STREAMGATE_DEVSTACK_NETNS=1 needs root (network namespaces, veth pairs "
                    + "and iptables); this process runs as uid " + uid);
        }
        Shell.Result ip = run(List.of("ip", "-V"));
        if (ip.exitCode() != 0) {
            throw new IllegalStateException("STREAMGATE_DEVSTACK_NETNS=1 needs iproute2's ip (apt-get install "
                    + "iproute2): " + ip.output().trim());
        }
    }

    private void runAll(List<List<String>> commands, boolean strict) {
        for (List<String> command : commands) {
            Shell.Result result = run(command);
            if (strict && result.exitCode() != 0) {
                throw new IllegalStateException("Broker network: `" + String.join(" ", command) + "` failed ("
                        + result.exitCode() + "): " + result.output().trim());
            }
        }
    }

    private Shell.Result run(List<String> command) {
        return shell.run(command);
    }

    private List<String> iptables(int node, String... rule) {
        List<String> command = new ArrayList<>(launcher(node));
        command.add("iptables");
        command.add("-w");
        command.addAll(List.of(rule));
        return command;
    }

    private void checkNode(int node) {
        if (node < 1 || node > brokers) {
            throw new IllegalArgumentException("no broker " + node + " in a network of " + brokers);
        }
    }

    private void lock() {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), LOCK_FILE);
        try {
            lockChannel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open " + file, e);
        }
        if (lock == null) {
            closeLockChannel();
            throw new IllegalStateException("Another dev stack on this machine runs its brokers in network namespaces "
                    + "(" + file + " is locked): their names and addresses are machine-wide, one such stack at a time");
        }
    }

    private void unlock() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException e) {
            log.warn("Cannot release the broker network lock", e);
        }
        lock = null;
        closeLockChannel();
    }

    private void closeLockChannel() {
        try {
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // nothing to release any more
        }
        lockChannel = null;
    }

    private static Shell.Result exec(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Shell.Result(-1, "timed out");
            }
            return new Shell.Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Shell.Result(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }
}
