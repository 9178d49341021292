package io.streamgate.faultlab;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The full disk's commands and arithmetic, and which faults a run can do, without root. */
class DiskFullTest {

    @Test
    void shouldMountASmallNamedTmpfsOnTheBrokersNodeDirectoryOnly() {
        DiskFull disk = new DiskFull(Path.of("/lab/out/stack/kafka/node-3"));

        assertThat(disk.mountCommand()).containsExactly("mount", "-t", "tmpfs", "-o", "size=256m,mode=0755",
                "sg-diskfull", "/lab/out/stack/kafka/node-3");
    }

    @Test
    void shouldTreatOnlyItsOwnTmpfsAsAnEarlierRunsLeftover() {
        List<String> mounts = List.of(
                "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
                "tmpfs /run tmpfs rw,nosuid,nodev,size=2443852k,mode=755 0 0",
                "sg-diskfull /work/wt/bench/results/fault-lab-1/stack/kafka/node-3 tmpfs rw,relatime,size=262144k 0 0",
                "sg-diskfull /tmp/with\\040space tmpfs rw 0 0",
                "sg-diskfull /mnt/other ext4 rw 0 0");

        assertThat(DiskFull.ownMounts(mounts)).containsExactly(
                "/work/wt/bench/results/fault-lab-1/stack/kafka/node-3", "/tmp/with space");
    }

    @Test
    void shouldLeaveTheMarginFreeAndNeverAskForANegativeBallast() {
        assertThat(DiskFull.ballastSize(200L << 20, DiskFull.MARGIN)).isEqualTo((200L << 20) - 256 * 1024);
        assertThat(DiskFull.ballastSize(1000, DiskFull.MARGIN)).isZero();
    }

    @Test
    void shouldRefuseAFaultTheRunCannotDoSayingWhatItNeeds() {
        assertThatThrownBy(() -> FaultLab.checkSelection(Set.of("partition"), false, true))
                .hasMessageContaining("NETNS=1");
        assertThatThrownBy(() -> FaultLab.checkSelection(Set.of("disk-full"), true, false))
                .hasMessageContaining("DISK_FULL=1");
        assertThatCode(() -> FaultLab.checkSelection(Set.of("partition", "isolate", "disk-full", "leader-kill"), true,
                true)).doesNotThrowAnyException();
        assertThatCode(() -> FaultLab.checkSelection(Set.of("leader-kill"), false, false)).doesNotThrowAnyException();
    }
}
