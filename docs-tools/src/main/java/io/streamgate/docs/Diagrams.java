package io.streamgate.docs;

import net.sourceforge.plantuml.BlockUml;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import net.sourceforge.plantuml.activitydiagram3.ActivityDiagram3;
import net.sourceforge.plantuml.error.PSystemError;
import net.sourceforge.plantuml.sequencediagram.SequenceDiagram;
import net.sourceforge.plantuml.warning.Warning;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The docs' diagrams: PlantUML sources in {@code docs/diagrams/<name>.puml}, rendered to {@code docs/images/<name>.png}.
 * <p>
 * An image is current when the source PlantUML embedded in it (its {@code plantuml} text chunk) is the source file's
 * text, so staleness is checked without rendering. Rendering refuses what would not show the diagram: a source that
 * PlantUML reports as an error (an unknown topic variable, say), and any diagram type that needs Graphviz without
 * {@code !pragma layout smetana} (no {@code dot} binary is assumed anywhere this builds).
 */
public final class Diagrams {

    public static final String SMETANA = "!pragma layout smetana";
    private static final String END = "@enduml";

    private final Path sources;
    private final Path images;

    public Diagrams(Path sources, Path images) {
        this.sources = sources;
        this.images = images;
    }

    /** A diagram source and the image rendered from it. */
    public record Diagram(String name, Path source, Path image) {
    }

    public List<Diagram> all() {
        try (Stream<Path> files = Files.list(sources)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".puml")).sorted().map(f -> {
                String name = f.getFileName().toString().replaceFirst("\\.puml$", "");
                return new Diagram(name, f, images.resolve(name + ".png"));
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The diagrams whose image is missing or was rendered from another source. */
    public List<Diagram> stale() {
        List<Diagram> stale = new ArrayList<>();
        for (Diagram diagram : all()) {
            if (!isCurrent(diagram)) {
                stale.add(diagram);
            }
        }
        return stale;
    }

    public boolean isCurrent(Diagram diagram) {
        try {
            if (!Files.exists(diagram.image())) {
                return false;
            }
            String source = Files.readString(diagram.source(), StandardCharsets.UTF_8);
            return embeddedSource(Files.readAllBytes(diagram.image())).map(normalized(source)::equals).orElse(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders every stale diagram; returns the ones rendered. */
    public List<Diagram> renderStale() {
        List<Diagram> stale = stale();
        for (Diagram diagram : stale) {
            try {
                String source = Files.readString(diagram.source(), StandardCharsets.UTF_8);
                Files.createDirectories(diagram.image().getParent());
                Files.write(diagram.image(), renderPng(diagram.name(), source));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stale;
    }

    /**
     * The diagram as a PNG, with its source embedded by PlantUML.
     *
     * @throws IllegalArgumentException when PlantUML reports an error, or the diagram would need Graphviz
     */
    public static byte[] renderPng(String name, String source) {
        if (!source.startsWith("@startuml") || !source.strip().endsWith(END)) {
            throw new IllegalArgumentException(name + ": a source is one @startuml ... @enduml block, nothing around it");
        }
        SourceStringReader reader = new SourceStringReader(source);
        List<BlockUml> blocks = reader.getBlocks();
        if (blocks.size() != 1) {
            throw new IllegalArgumentException(name + ": " + blocks.size() + " diagrams in one source");
        }
        net.sourceforge.plantuml.core.Diagram parsed = blocks.getFirst().getDiagram();
        if (parsed instanceof PSystemError error) {
            throw new IllegalArgumentException(name + ": PlantUML cannot read it, line "
                    + (error.getLineLocation() == null ? "?" : error.getLineLocation().getPosition() + 1) + ": "
                    + error.getWarningOrError());
        }
        boolean needsNoGraphviz = parsed instanceof SequenceDiagram || parsed instanceof ActivityDiagram3;
        if (!needsNoGraphviz && !source.contains(SMETANA)) {
            throw new IllegalArgumentException(name + ": a " + parsed.getClass().getSimpleName() + " is laid out by "
                    + "Graphviz unless the source says '" + SMETANA + "'");
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            reader.outputImage(png, new FileFormatOption(FileFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!parsed.getWarnings().isEmpty()) {
            // PlantUML draws its warnings as a banner over the diagram.
            throw new IllegalArgumentException(name + ": PlantUML warns: " + parsed.getWarnings().stream()
                    .map(Warning::asSingleLine).toList());
        }
        return png.toByteArray();
    }

    /** The source PlantUML embedded in a PNG it rendered (as written, before its preprocessor ran). */
    public static Optional<String> embeddedSource(byte[] png) {
        String text = PngText.read(png).get("plantuml");
        if (text == null || !text.contains(END)) {
            return Optional.empty();
        }
        return Optional.of(normalized(text.substring(0, text.indexOf(END) + END.length())));
    }

    private static String normalized(String source) {
        return source.strip().replace("\r\n", "\n");
    }
}
