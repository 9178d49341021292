package io.streamgate.faultlab;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-fault figures from a hand-made ledger: what a reader of docs/reliability.md takes them to mean. */
class FaultTableTest {

    private long seq;

    @Test
    void countsLostAndDuplicatedAcknowledgedRequestsOfTheFaultsWindowOnly() {
        List<Ledger.Entry> entries = List.of(
                entry("pay-sync", 500, Ledger.Outcome.OK),     // before the fault: steady
                entry("pay-sync", 1_500, Ledger.Outcome.OK),   // found once
                entry("pay-sync", 1_600, Ledger.Outcome.OK),   // not found: lost
                entry("submit", 1_700, Ledger.Outcome.OK),     // found twice: duplicated
                entry("submit", 1_800, Ledger.Outcome.INDETERMINATE));
        Map<Long, Integer> found = Map.of(1L, 1, 2L, 1, 3L, 0, 4L, 2, 5L, 0);
        Fault.Window window = new Fault.Window("leader-kill", "", 0, 1_000, 2_000, 3_000);

        List<FaultTable.Row> rows = FaultTable.rows(entries, found, List.of(window));

        FaultTable.Row fault = rows.getFirst();
        assertThat(fault.requests()).isEqualTo(4);
        assertThat(fault.acknowledged()).isEqualTo(3);
        assertThat(fault.lost()).isEqualTo(1);
        assertThat(fault.duplicated()).isEqualTo(1);
        assertThat(fault.indeterminate()).isEqualTo(1);
        FaultTable.Row steady = rows.getLast();
        assertThat(steady.fault()).startsWith("steady");
        assertThat(steady.requests()).isEqualTo(1);
    }

    @Test
    void unavailableRunsFromTheFirstFailureToTheNextSuccessOfTheSameKind() {
        List<Ledger.Entry> entries = List.of(
                entry("pay-sync", 1_000, Ledger.Outcome.OK),
                entry("pay-sync", 1_200, Ledger.Outcome.FAILED),
                entry("pay-sync", 1_900, Ledger.Outcome.INDETERMINATE),
                entry("pay-sync", 4_200, Ledger.Outcome.OK),
                entry("pay-sync", 4_300, Ledger.Outcome.FAILED));

        assertThat(FaultTable.unavailable(entries, 10_000)).isEqualTo(Duration.ofMillis(3_000));
        assertThat(FaultTable.unavailable(entries.subList(0, 3), 10_000)).isEqualTo(Duration.ofMillis(8_800));
        assertThat(FaultTable.unavailable(List.of(entries.getFirst()), 10_000)).isZero();
    }

    @Test
    void recoveryIsTheFirstBucketAfterTheHealAtNinetyPercentOfTheRateBefore() {
        List<Ledger.Entry> before = new ArrayList<>();
        for (long t = 0; t < 10_000; t += 100) {  // 10/s before the fault
            before.add(entry("pay-sync", t, Ledger.Outcome.OK));
        }
        List<Ledger.Entry> in = new ArrayList<>();
        for (long t = 20_000; t < 24_000; t += 400) {  // 2.5/s just after the heal
            in.add(entry("pay-sync", t, Ledger.Outcome.OK));
        }
        for (long t = 24_000; t < 30_000; t += 100) {  // full rate again from 24 s
            in.add(entry("pay-sync", t, Ledger.Outcome.OK));
        }
        Fault.Window window = new Fault.Window("app-kill", "", 0, 10_000, 20_000, 30_000);

        assertThat(FaultTable.recovery(in, before, window)).contains(Duration.ofSeconds(4));
        assertThat(FaultTable.recovery(in.subList(0, 10), before, window)).isEqualTo(Optional.empty());
    }

    @Test
    void theMarkdownTableNamesEveryColumnTheDocsExplain() {
        String table = FaultTable.markdown(FaultTable.rows(List.of(), Map.of(),
                List.of(new Fault.Window("registry-stop", "", 0, 10, 20, 30))));
        assertThat(table).startsWith("| fault | requests | acknowledged | lost | duplicated | refused | failed "
                + "| indeterminate | unavailable | recovery |").contains("| registry-stop |").contains("| steady");
    }

    private Ledger.Entry entry(String op, long start, Ledger.Outcome outcome) {
        return new Ledger.Entry(++seq, op, 1, op + "-" + seq, start, start + 5,
                outcome == Ledger.Outcome.OK ? 201 : 503, outcome, null, null);
    }
}
