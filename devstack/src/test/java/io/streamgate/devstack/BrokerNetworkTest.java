package io.streamgate.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The brokers' network namespaces without root: the address plan and the commands that build, cut, heal and remove
 * it, run against a shell that records them. (Building it for real needs root: the fault lab does, with
 * {@code NETNS=1 bench/fault-lab.sh}.)
 */
class BrokerNetworkTest {

    /** Records every command and answers as root with iproute2 present, every command succeeding. */
    static final class RecordingShell implements BrokerNetwork.Shell {
        final List<String> commands = new ArrayList<>();
        String uid = "0";
        String failing = "";

        @Override
        public Result run(List<String> command) {
            String line = String.join(" ", command);
            commands.add(line);
            if (line.equals("id -u")) {
                return new Result(0, uid + "\n");
            }
            if (!failing.isEmpty() && line.startsWith(failing)) {
                return new Result(127, "No such file or directory");
            }
            return new Result(0, "");
        }
    }

    @Test
    void shouldGiveEachBrokerItsOwnPrivateAddressBehindOneBridge() {
        assertThat(BrokerNetwork.address(1)).isEqualTo("10.77.0.1");
        assertThat(BrokerNetwork.address(3)).isEqualTo("10.77.0.3");
        assertThat(BrokerNetwork.HOST_ADDRESS).isEqualTo("10.77.0.254");
        assertThat(BrokerNetwork.launcher(2)).containsExactly("ip", "netns", "exec", "sg-kafka-2");
        // Interface names are at most 15 characters, and every name is the project's own.
        for (int node = 1; node <= BrokerNetwork.MAX_BROKERS; node++) {
            assertThat(List.of(BrokerNetwork.BRIDGE, BrokerNetwork.hostVeth(node), BrokerNetwork.brokerVeth(node),
                    BrokerNetwork.namespace(node)))
                    .allSatisfy(name -> assertThat(name).startsWith("sg-").hasSizeLessThanOrEqualTo(15));
        }
    }

    @Test
    void shouldBuildTheBridgeThenANamespaceAndVethPairPerBroker() {
        List<String> commands = lines(new BrokerNetwork(3).setUpCommands());

        assertThat(commands).startsWith("ip link add sg-br0 type bridge", "ip addr add 10.77.0.254/24 dev sg-br0",
                "ip link set sg-br0 up");
        assertThat(commands).containsSubsequence(
                "ip netns add sg-kafka-2",
                "ip link add sg-v2 type veth peer name sg-v2p",
                "ip link set sg-v2p netns sg-kafka-2",
                "ip link set sg-v2 master sg-br0",
                "ip link set sg-v2 up",
                "ip -n sg-kafka-2 addr add 10.77.0.2/24 dev sg-v2p",
                "ip -n sg-kafka-2 link set sg-v2p up",
                "ip -n sg-kafka-2 link set lo up");
        assertThat(commands).filteredOn(c -> c.startsWith("ip netns add")).hasSize(3);
        assertThat(commands).noneMatch(c -> c.contains("iptables"));
    }

    @Test
    void shouldRemoveOnlyItsOwnNamesOfAnySizeWhenTornDown() {
        List<String> commands = lines(new BrokerNetwork(1).tearDownCommands());

        assertThat(commands).contains("ip netns delete sg-kafka-1", "ip netns delete sg-kafka-3",
                "ip link delete sg-v3", "ip link delete sg-br0");
        assertThat(commands).allSatisfy(c -> assertThat(c).matches("ip (netns|link) delete sg-[a-z0-9-]+"));
    }

    @Test
    void shouldCutABrokerFromTheOtherBrokersButNotFromTheClients() {
        List<String> commands = lines(new BrokerNetwork(3).partitionCommands(2));

        assertThat(commands).containsExactly(
                "ip netns exec sg-kafka-2 iptables -w -F INPUT",
                "ip netns exec sg-kafka-2 iptables -w -F OUTPUT",
                "ip netns exec sg-kafka-2 iptables -w -A INPUT -i sg-v2p -s 10.77.0.1 -j DROP",
                "ip netns exec sg-kafka-2 iptables -w -A OUTPUT -o sg-v2p -d 10.77.0.1 -j DROP",
                "ip netns exec sg-kafka-2 iptables -w -A INPUT -i sg-v2p -s 10.77.0.3 -j DROP",
                "ip netns exec sg-kafka-2 iptables -w -A OUTPUT -o sg-v2p -d 10.77.0.3 -j DROP");
        assertThat(String.join("\n", commands)).doesNotContain(BrokerNetwork.HOST_ADDRESS);
    }

    @Test
    void shouldIsolateABrokerFromEveryoneOnItsVethOnlyAndHealByFlushingItsOwnNamespace() {
        BrokerNetwork network = new BrokerNetwork(3);

        assertThat(lines(network.isolateCommands(1))).endsWith(
                "ip netns exec sg-kafka-1 iptables -w -A INPUT -i sg-v1p -j DROP",
                "ip netns exec sg-kafka-1 iptables -w -A OUTPUT -o sg-v1p -j DROP");
        assertThat(lines(network.healCommands(1))).containsExactly(
                "ip netns exec sg-kafka-1 iptables -w -F INPUT", "ip netns exec sg-kafka-1 iptables -w -F OUTPUT");
        assertThatThrownBy(() -> network.partitionCommands(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRemoveAnEarlierRunsLeftoversBeforeBuildingAndEverythingWhenTornDown() {
        RecordingShell shell = new RecordingShell();
        BrokerNetwork network = new BrokerNetwork(3, shell);

        network.setUp();
        network.tearDown();

        List<String> teardown = lines(network.tearDownCommands());
        List<String> setup = lines(network.setUpCommands());
        List<String> expected = new ArrayList<>(List.of("id -u", "ip -V"));
        expected.addAll(teardown);
        expected.addAll(setup);
        expected.addAll(teardown);
        assertThat(shell.commands).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldRefuseClearlyWithoutRootOrWithoutIp() {
        RecordingShell user = new RecordingShell();
        user.uid = "1000";
        assertThatThrownBy(() -> new BrokerNetwork(3, user).setUp())
                .hasMessageContaining("needs root").hasMessageContaining("uid 1000");
        assertThat(user.commands).containsExactly("id -u");

        RecordingShell noIp = new RecordingShell();
        noIp.failing = "ip -V";
        assertThatThrownBy(() -> new BrokerNetwork(3, noIp).setUp()).hasMessageContaining("iproute2");
    }

    @Test
    void shouldUndoAHalfBuiltNetworkAndNameTheCommandThatFailed() {
        RecordingShell shell = new RecordingShell();
        shell.failing = "ip link add sg-v2 type veth";
        BrokerNetwork network = new BrokerNetwork(3, shell);

        assertThatThrownBy(network::setUp).hasMessageContaining("`ip link add sg-v2 type veth peer name sg-v2p` failed");
        assertThat(shell.commands.getLast()).isEqualTo("ip link delete sg-br0");
        // The lock went with it: the next attempt builds again.
        shell.failing = "";
        network.setUp();
        network.tearDown();
    }

    @Test
    void shouldListenAndAdvertiseOnEachNodesOwnAddressInNamespaces(@TempDir Path dir) {
        KafkaCluster cluster = new KafkaCluster(null, dir, 3, 0, 0, "256m", Duration.ofMinutes(1), 0, null, true, List.of());

        assertThat(cluster.inNamespaces()).isTrue();
        assertThat(cluster.bootstrapServerList()).allSatisfy(address -> assertThat(address).matches("10\\.77\\.0\\.[123]:\\d+"));
        assertThat(cluster.broker(2).host()).isEqualTo("10.77.0.2");

        KafkaCluster loopback = new KafkaCluster(null, dir, 3, 0, 0, "256m", Duration.ofMinutes(1), 0, null, false, List.of());
        assertThat(loopback.bootstrapServerList()).allSatisfy(address -> assertThat(address).startsWith("127.0.0.1:"));
        assertThatThrownBy(loopback::network).hasMessageContaining("STREAMGATE_DEVSTACK_NETNS=1");
    }

    private static List<String> lines(List<List<String>> commands) {
        return commands.stream().map(command -> String.join(" ", command)).toList();
    }
}
