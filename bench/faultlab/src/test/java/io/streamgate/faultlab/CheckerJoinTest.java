package io.streamgate.faultlab;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CheckerJoinTest {

    private final List<String> violations = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    @Test
    void anIncompleteTripWhosePartsExpiredIsAccountedFor() {
        // A trip whose completion got a 503 and was not written: its two parts expire after the partial timeout.
        Checker.checkJoin(Map.of("T1", 1L), Map.of("T1", 1L), Map.of(), Map.of(), Map.of("T1", 2L), violations, notes);

        assertThat(violations).isEmpty();
        assertThat(notes.getFirst()).contains("1 expired into the late topic");
    }

    @Test
    void anIncompleteTripStillWaitingHasNoLatePart() {
        Checker.checkJoin(Map.of("T1", 1L), Map.of(), Map.of(), Map.of(), Map.of(), violations, notes);

        assertThat(violations).isEmpty();
        assertThat(notes.getFirst()).contains("1 still waiting");
    }

    @Test
    void aCopyAfterTheJoinIsAccountedFor() {
        Checker.checkJoin(Map.of("T1", 2L), Map.of("T1", 1L), Map.of("T1", 1L), Map.of("T1", 1L), Map.of("T1", 1L),
                violations, notes);

        assertThat(violations).isEmpty();
    }

    @Test
    void aLatePartOfACompleteTripWithoutACopyIsAViolation() {
        Checker.checkJoin(Map.of("T1", 1L), Map.of("T1", 1L), Map.of("T1", 1L), Map.of("T1", 1L), Map.of("T1", 1L),
                violations, notes);

        assertThat(violations).singleElement().asString().startsWith("LATE trip T1 is complete");
    }

    @Test
    void anIncompleteTripWithSomeOfItsPartsExpiredIsAViolation() {
        Checker.checkJoin(Map.of("T1", 1L), Map.of("T1", 1L), Map.of(), Map.of(), Map.of("T1", 1L), violations, notes);

        assertThat(violations).singleElement().asString().startsWith("LATE trip T1 is incomplete");
    }

    @Test
    void aCopyOfAnExpiredTripsPartIsAccountedFor() {
        Checker.checkJoin(Map.of("T1", 2L), Map.of(), Map.of(), Map.of(), Map.of("T1", 2L), violations, notes);

        assertThat(violations).isEmpty();
    }

    @Test
    void aLatePartOfATripNobodySentIsAViolation() {
        Checker.checkJoin(Map.of(), Map.of(), Map.of(), Map.of(), Map.of("T9", 1L), violations, notes);

        assertThat(violations).singleElement().asString().startsWith("LATE trip T9");
    }
}
