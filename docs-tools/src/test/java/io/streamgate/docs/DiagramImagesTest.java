package io.streamgate.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The committed diagram images are rendered from the committed sources: each PNG in {@code docs/images} carries the
 * source PlantUML rendered it from, and that must be its {@code docs/diagrams/*.puml} as it is now. With
 * {@code -Dstreamgate.docs.regenerate=true} the stale ones are rendered first.
 */
class DiagramImagesTest {

    private final Diagrams diagrams = new Diagrams(DocsPaths.DIAGRAMS, DocsPaths.IMAGES);

    @Test
    void everyDiagramImageIsRenderedFromItsCurrentSource() {
        if (DocsPaths.REGENERATE) {
            diagrams.renderStale().forEach(d -> System.out.println("rendered " + DocsPaths.ROOT.relativize(d.image())));
        }
        assertThat(diagrams.all()).as("diagram sources in %s", DocsPaths.DIAGRAMS).isNotEmpty();
        assertThat(diagrams.stale()).extracting(Diagrams.Diagram::name)
                .as("images older than their sources (or missing); render them with:%n  %s",
                        DocsPaths.REGENERATE_COMMAND)
                .isEmpty();
    }

    @Test
    void everyImageThatCarriesADiagramSourceHasItsSourceFile() throws IOException {
        Set<String> sources = diagrams.all().stream().map(Diagrams.Diagram::name).collect(Collectors.toSet());
        List<String> orphans;
        try (Stream<Path> files = Files.list(DocsPaths.IMAGES)) {
            orphans = files.filter(f -> f.toString().endsWith(".png"))
                    .filter(f -> {
                        try {
                            return Diagrams.embeddedSource(Files.readAllBytes(f)).isPresent();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(f -> f.getFileName().toString().replaceFirst("\\.png$", ""))
                    .filter(name -> !sources.contains(name)).sorted().toList();
        }
        assertThat(orphans).as("diagram images whose source was removed: delete them").isEmpty();
    }

    @Test
    void theSourceEmbeddedInARenderingIsReadBack() {
        String source = "@startuml\nAlice -> Bob : hello\n@enduml\n";
        byte[] png = Diagrams.renderPng("hello", source);
        assertThat(Diagrams.embeddedSource(png)).contains(source.strip());
        assertThat(Diagrams.embeddedSource(Diagrams.renderPng("hello", source.replace("hello", "bye"))))
                .isNotEqualTo(Diagrams.embeddedSource(png));
    }

    @Test
    void aSourcePlantUmlCannotReadIsRefused() {
        assertThatThrownBy(() -> Diagrams.renderPng("broken", "@startuml\nAlice -> : \n!$x = \n@enduml\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
    }

    @Test
    void aSourcePlantUmlWarnsAboutIsRefused() {
        assertThatThrownBy(() -> Diagrams.renderPng("warned",
                "@startuml\nskinparam ParticipantPadding 10\nAlice -> Bob : hello\n@enduml\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warns");
    }

    @Test
    void aDiagramThatNeedsGraphvizIsRefusedUnlessLaidOutBySmetana() {
        String component = "@startuml\ncomponent A\ncomponent B\nA --> B\n@enduml\n";
        assertThatThrownBy(() -> Diagrams.renderPng("graph", component))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Graphviz");
        assertThat(Diagrams.embeddedSource(Diagrams.renderPng("graph",
                component.replace("@startuml\n", "@startuml\n" + Diagrams.SMETANA + "\n")))).isPresent();
    }
}
