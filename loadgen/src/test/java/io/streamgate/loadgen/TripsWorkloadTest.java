package io.streamgate.loadgen;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TripsWorkloadTest {

    @Test
    void shouldSendEveryTripCompleteWithTheConfiguredSharesOfDuplicatedAndLateParts() {
        TripsWorkload workload = new TripsWorkload("127.0.0.1:8000", List.of(), "run1", 5, 10);
        int cycles = 3;
        long requests = Math.round(workload.requestsPerTrip() * TripsWorkload.CYCLE_TRIPS * cycles);
        Map<Long, List<Integer>> partsByTrip = new HashMap<>();
        for (long s = 0; s < requests; s++) {
            long[] tripAndPart = workload.tripAndPart(s);
            partsByTrip.computeIfAbsent(tripAndPart[0], t -> new ArrayList<>()).add((int) tripAndPart[1]);
        }

        assertThat(partsByTrip).hasSize(TripsWorkload.CYCLE_TRIPS * cycles);
        assertThat(workload.requestsPerTrip()).isEqualTo(3.15);
        int duplicated = 0;
        int late = 0;
        Set<List<Integer>> orders = new HashSet<>();
        for (List<Integer> parts : partsByTrip.values()) {
            assertThat(new HashSet<>(parts)).containsExactlyInAnyOrder(0, 1, 2);
            if (parts.size() == 4) {
                if (parts.get(0).equals(parts.get(1))) {
                    duplicated++;
                } else {
                    assertThat(parts.get(3)).as("re-sent after completion").isEqualTo(parts.get(2));
                    late++;
                }
            } else {
                assertThat(parts).hasSize(3);
                orders.add(parts);
            }
        }
        assertThat(duplicated).isEqualTo(5 * cycles);
        assertThat(late).isEqualTo(10 * cycles);
        assertThat(orders).as("all six arrival orders").hasSize(6);
    }

    @Test
    void shouldPostEachPartToItsRouteWithTheTripIdOfTheRun() {
        TripsWorkload workload = new TripsWorkload("127.0.0.1:8000", List.of("X-API-Key: bench"), "abc", 0, 0);
        byte[] buffer = new byte[workload.maxLength()];
        Set<String> routes = new HashSet<>();
        for (long s = 0; s < 3; s++) {
            String request = new String(buffer, 0, workload.encode(s, buffer), StandardCharsets.UTF_8);
            routes.add(request.substring(0, request.indexOf(" HTTP/1.1")));
            assertThat(request).contains("\"trip_id\":\"LG-abc-0\"").contains("X-API-Key: bench");
            int length = Integer.parseInt(request.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
            assertThat(request.substring(request.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8))
                    .hasSize(length);
        }
        assertThat(routes).containsExactlyInAnyOrder(
                "POST /trips/requested", "POST /trips/driver-assigned", "POST /trips/completed");
    }

    @Test
    void shouldRefuseSharesAboveOneHundredPercent() {
        assertThatThrownBy(() -> new TripsWorkload("h", List.of(), "r", 60, 50))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
