package io.streamgate;

import io.streamgate.DiagramFacts.CatalogueTopic;
import io.streamgate.DiagramFacts.Route;
import io.streamgate.DiagramFacts.SystemFacts;
import io.streamgate.DiagramFacts.TopicRole;
import io.streamgate.DiagramFacts.TopicUse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The diagram sources in {@code docs/diagrams} say what the code and the build say ({@link DiagramFacts}): the parts
 * {@link DiagramSources} generates are what it generates now, the hand-drawn parts of each system's flow name every
 * topic that system uses, and every route any diagram names exists. With {@code -Dstreamgate.docs.regenerate=true} the
 * generated parts are rewritten first; the docs-tools module then renders the images ({@code DiagramImagesTest}).
 */
class DiagramSourcesTest {

    static final Path ROOT = repositoryRoot();
    static final Path DIAGRAMS = ROOT.resolve("docs/diagrams");
    static final boolean REGENERATE = Boolean.getBoolean("streamgate.docs.regenerate");
    static final String REGENERATE_COMMAND = "./mvnw -B -ntp -pl app,docs-tools -am verify "
            + "-Dtest='DiagramSourcesTest,DiagramImagesTest,BenchChartsTest' -Dsurefire.failIfNoSpecifiedTests=false "
            + "-DskipITs -Dstreamgate.docs.regenerate=true";
    private static final Pattern ROUTE = Pattern.compile("\\b(GET|POST|PUT|DELETE|PATCH) (/[^\\s\"\\\\,;)]*)");

    private final DiagramSources sources = new DiagramSources(ROOT);

    @Test
    void theCodeShowsHowEachSystemUsesItsTopics() {
        Map<String, SystemFacts> systems = sources.systems();
        assertThat(systems).containsKeys("payments", "trips", "orders", "orderdetails", "submissions");
        assertThat(systems.get("payments").topics()).extracting(u -> u.topic().name(), TopicUse::role)
                .containsExactly(tuple("payments", TopicRole.PUBLISHES));
        assertThat(systems.get("orders").topics()).extracting(u -> u.topic().name(), TopicUse::role)
                .containsExactly(tuple("order-events", TopicRole.OUTBOX));
        assertThat(systems.get("orderdetails").topics()).extracting(u -> u.topic().name(), TopicUse::role)
                .containsExactly(tuple("order-events", TopicRole.CONSUMES));
        assertThat(systems.get("trips").topics()).extracting(u -> u.topic().name(), TopicUse::role)
                .contains(tuple("hw.fake.trip-requested", TopicRole.PUBLISHES),
                        tuple("hw.fake.trip-requested", TopicRole.STREAM_SOURCE),
                        tuple("hw.fake.joinedstreams", TopicRole.STREAM_SINK),
                        tuple("hw.fake.trip-parts-late", TopicRole.STREAM_SINK));
        assertThat(systems.get("payments").routes()).contains(new Route("POST", "/payments"),
                new Route("GET", "/payments/{paymentId}"));
        assertThat(systems.get("orders").tables()).contains("orders");
    }

    @Test
    void everyCatalogueTopicIsWrittenOrReadBySomeSystem() {
        List<String> unused = new ArrayList<>();
        for (CatalogueTopic topic : sources.catalogue()) {
            boolean used = sources.systems().values().stream()
                    .anyMatch(s -> s.topics().stream().anyMatch(u -> u.topic().equals(topic)));
            if (!used) {
                unused.add(topic.name());
            }
        }
        assertThat(unused).as("catalogue topics no system is seen to use: either nothing uses them, or they are "
                + "reached through an entry point DiagramFacts.TopicRole does not list").isEmpty();
    }

    @Test
    void wholeGeneratedDiagramsAreCurrent() throws IOException {
        for (Map.Entry<String, String> entry : sources.wholeSources().entrySet()) {
            Path file = DIAGRAMS.resolve(entry.getKey());
            if (REGENERATE) {
                Files.writeString(file, entry.getValue(), StandardCharsets.UTF_8);
            }
            assertThat(DiagramSources.read(file)).as("%s is generated; regenerate it with:%n  %s",
                    DIAGRAMS.relativize(file), REGENERATE_COMMAND).isEqualTo(entry.getValue());
        }
    }

    @Test
    void generatedBlocksAreCurrent() throws IOException {
        for (Map.Entry<String, String> entry : sources.generatedBlocks().entrySet()) {
            Path file = DIAGRAMS.resolve(entry.getKey());
            assertThat(file).as("every system has a flow diagram, drawn by hand around a generated block "
                    + "(copy another flow-*.puml)").exists();
            String current = DiagramSources.read(file);
            String expected = DiagramSources.splice(entry.getKey(), current, entry.getValue());
            if (REGENERATE && !expected.equals(current)) {
                Files.writeString(file, expected, StandardCharsets.UTF_8);
                current = expected;
            }
            assertThat(current).as("the generated block of %s is out of date; regenerate it with:%n  %s",
                    entry.getKey(), REGENERATE_COMMAND).isEqualTo(expected);
        }
    }

    @Test
    void eachFlowDiagramShowsEveryTopicItsSystemUses() {
        for (SystemFacts system : sources.systems().values()) {
            String file = DiagramSources.FLOW_PREFIX + system.name() + ".puml";
            String handDrawn = handDrawn(DiagramSources.read(DIAGRAMS.resolve(file)));
            List<String> unshown = DiagramSources.flowVariables(system).keySet().stream()
                    .filter(variable -> !Pattern.compile(Pattern.quote(variable) + "(?![A-Za-z0-9_])")
                            .matcher(handDrawn).find())
                    .toList();
            assertThat(unshown).as("%s: %s uses these topics, but its flow does not show them", file, system.name())
                    .isEmpty();
        }
    }

    @Test
    void everyRouteADiagramNamesExists() throws IOException {
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIAGRAMS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".puml")).sorted().toList()) {
                Matcher m = ROUTE.matcher(DiagramSources.read(file));
                while (m.find()) {
                    if (!sources.routes().contains(new Route(m.group(1), m.group(2)))) {
                        unknown.add(file.getFileName() + ": " + m.group());
                    }
                }
            }
        }
        assertThat(unknown).as("routes named in diagrams that no system maps").isEmpty();
    }

    private static String handDrawn(String source) {
        int begin = source.indexOf(DiagramSources.BEGIN);
        int end = source.indexOf(DiagramSources.END);
        return begin < 0 || end < begin ? source : source.substring(0, begin) + source.substring(end);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs/diagrams"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docs/diagrams not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
