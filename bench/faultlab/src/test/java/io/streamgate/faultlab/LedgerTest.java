package io.streamgate.faultlab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerTest {

    @Test
    void statusesMapToOkRefusedAndFailed() {
        assertThat(Ledger.outcomeOf(201)).isEqualTo(Ledger.Outcome.OK);
        assertThat(Ledger.outcomeOf(202)).isEqualTo(Ledger.Outcome.OK);
        assertThat(Ledger.outcomeOf(409)).isEqualTo(Ledger.Outcome.REFUSED);
        assertThat(Ledger.outcomeOf(422)).isEqualTo(Ledger.Outcome.REFUSED);
        assertThat(Ledger.outcomeOf(503)).isEqualTo(Ledger.Outcome.FAILED);
        assertThat(Ledger.outcomeOf(500)).isEqualTo(Ledger.Outcome.FAILED);
    }

    @Test
    void everyEntryIsOneCsvLineEvenWhenTheAnswerHasCommasQuotesAndLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger.csv");
        try (Ledger ledger = new Ledger(file)) {
            ledger.record(new Ledger.Entry(ledger.nextSeq(), "pay-sync", 2, "FL-P-1", 10, 20, 503,
                    Ledger.Outcome.FAILED, null, "{\"title\":\"Service Unavailable\",\n\"detail\":\"a, b\"}"));
        }
        assertThat(Files.readAllLines(file)).containsExactly(Ledger.HEADER,
                "1,pay-sync,2,FL-P-1,10,20,503,failed,,\"{\"\"title\"\":\"\"Service Unavailable\"\", "
                        + "\"\"detail\"\":\"\"a, b\"\"}\"");
    }
}
