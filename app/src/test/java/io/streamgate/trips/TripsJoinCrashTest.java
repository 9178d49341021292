package io.streamgate.trips;

import io.streamgate.StreamgateApplication;
import io.streamgate.devstack.DevStack;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.trips.JoinedTrip;
import io.streamgate.schemas.trips.LateReason;
import io.streamgate.schemas.trips.LateTripPart;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly once across a crash, on the real broker. Two instances of the join share the trips partitions: this test's
 * application and a second application in a child JVM. The child is killed with SIGKILL while triples are being
 * posted, more triples are posted while it is dead (the survivor takes its partitions over), then it is started again
 * and more are posted. The joined topic must hold every expected trip exactly once, and a part re-sent after its trip
 * was joined must come out as late, not as a second join.
 * <p>
 * Why a child process killed with SIGKILL: that is what a crash is (the OOM killer, a node lost, {@code kill -9}).
 * Nothing runs on the way down: no commit, no transaction abort, no leave-group, no flush of RocksDB or of the
 * checkpoint file. An in-JVM {@code KafkaStreams.close()} would commit and leave cleanly, which tests nothing. The
 * survivor then has to wait for the dead member's session to expire, the broker has to abort its open transaction
 * (transaction timeout), and the restarted instance must throw away its unclean local state and restore from the
 * changelog: the paths exactly_once_v2 exists for.
 */
@TestPropertySource(properties = {
        "streamgate.trips.join.enabled=true",
        "streamgate.trips.join.application-id=trips-join-crash-test-${random.uuid}",
        "streamgate.streams.state-dir=${java.io.tmpdir}/streamgate-trips-crash-main-${random.uuid}",
        "streamgate.streams.close-timeout=5s",
        "spring.kafka.streams.properties.session.timeout.ms=6000",
        "spring.kafka.streams.properties.heartbeat.interval.ms=1500"})
class TripsJoinCrashTest extends EndToEndTest {

    private static final int TRIPS = 60;
    private static final Duration GENEROUS = Duration.ofSeconds(180);

    /** The bound settings, not {@code @Value}: each resolution of {@code ${random.uuid}} gives another id. */
    @Autowired
    TripsSettings settings;
    private String applicationId;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldEmitEveryTripExactlyOnceWhenAnInstanceIsKilledAndRestartedMidStream() throws Exception {
        applicationId = settings.join().applicationId();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> tripIds = IntStream.range(0, TRIPS).mapToObj(i -> "CRASH-" + run + "-" + i).toList();
        Path childState = Files.createTempDirectory("streamgate-trips-crash-child");

        try (TopicProbe<JoinedTrip> joined = probe(Topics.JOINED_TRIPS);
             TopicProbe<LateTripPart> late = probe(Topics.LATE_TRIP_PARTS);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            awaitMembers(admin, 1);
            Process child = startChild(childState, 1);
            awaitMembers(admin, 2);

            postTriples(tripIds.subList(0, 15));
            // Killed right after a burst of parts: its tasks are processing, with a transaction open.
            postTriples(tripIds.subList(15, 25));
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            postTriples(tripIds.subList(25, 40));

            awaitMembers(admin, 1);
            startChild(childState, 2);
            awaitMembers(admin, 2);
            postTriples(tripIds.subList(40, TRIPS));

            await().atMost(GENEROUS).untilAsserted(() ->
                    assertThat(keysOf(joined.drain(), tripIds)).containsAll(tripIds));
            // Nothing more may come: no trip twice, none that was not posted.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<String> keys = keysOf(joined.drain(), tripIds);
                assertThat(keys).hasSize(TRIPS).doesNotHaveDuplicates();
            });
            for (ConsumerRecord<String, JoinedTrip> record : joined.drain()) {
                if (tripIds.contains(record.key())) {
                    JoinedTrip trip = record.value();
                    assertThat(trip.getRequested().getRiderId()).isEqualTo("RIDER-" + record.key());
                    assertThat(trip.getAssigned().getTripId()).isEqualTo(record.key());
                    assertThat(trip.getCompleted().getTripId()).isEqualTo(record.key());
                }
            }

            // The restored state still knows which trips were joined: a re-sent part is late, not a second join.
            Set<String> resent = Set.of(tripIds.get(3), tripIds.get(30), tripIds.get(50));
            for (String tripId : resent) {
                post("/trips/completed", TripFixtures.completedJson(tripId));
            }
            await().atMost(GENEROUS).untilAsserted(() -> assertThat(late.drain().stream()
                    .filter(r -> resent.contains(r.key()))
                    .map(r -> r.value().getReason()).toList())
                    .hasSize(resent.size()).containsOnly(LateReason.ARRIVED_AFTER_JOIN));
            assertThat(keysOf(joined.drain(), tripIds)).hasSize(TRIPS);
        }
    }

    private void postTriples(List<String> tripIds) {
        for (int i = 0; i < tripIds.size(); i++) {
            String tripId = tripIds.get(i);
            // Rotate the arrival order so that every instance sees every order.
            List<String> parts = switch (i % 3) {
                case 0 -> List.of("requested", "driver-assigned", "completed");
                case 1 -> List.of("completed", "requested", "driver-assigned");
                default -> List.of("driver-assigned", "completed", "requested");
            };
            for (String part : parts) {
                post("/trips/" + part, switch (part) {
                    case "requested" -> TripFixtures.requestedJson(tripId);
                    case "driver-assigned" -> TripFixtures.assignedJson(tripId);
                    default -> TripFixtures.completedJson(tripId);
                });
            }
        }
    }

    private void post(String path, String body) {
        // A restarting instance restoring its stores next to this one slows the machine: allow for it.
        http.mutate().responseTimeout(Duration.ofSeconds(30)).build().post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated();
    }

    private static List<String> keysOf(List<ConsumerRecord<String, JoinedTrip>> records, List<String> tripIds) {
        Set<String> wanted = new TreeSet<>(tripIds);
        return records.stream().map(ConsumerRecord::key).filter(wanted::contains).collect(Collectors.toList());
    }

    private void awaitMembers(Admin admin, int members) {
        await().atMost(GENEROUS).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId)).all()
                    .get(10, TimeUnit.SECONDS).get(applicationId);
            assertThat(group.members()).hasSize(members);
            assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
        });
    }

    /** The application in a JVM of its own (the test's classpath), running only the join, on the shared stack. */
    private Process startChild(Path stateDir, int generation) throws IOException {
        DevStack stack = DevStack.shared();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Path.of("target", "trips-crash-child-" + generation + ".log");
        Process child = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), StreamgateApplication.class.getName(),
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers(),
                "--streamgate.schema-registry.url=" + registry.url(),
                "--spring.datasource.url=" + stack.postgres().jdbcUrl(),
                "--spring.datasource.username=" + stack.postgres().username(),
                "--spring.datasource.password=" + stack.postgres().password(),
                "--streamgate.trips.join.enabled=true",
                "--streamgate.trips.join.application-id=" + applicationId,
                "--streamgate.streams.state-dir=" + stateDir,
                "--spring.kafka.streams.properties.session.timeout.ms=6000",
                "--spring.kafka.streams.properties.heartbeat.interval.ms=1500")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        children.add(child);
        return child;
    }
}
