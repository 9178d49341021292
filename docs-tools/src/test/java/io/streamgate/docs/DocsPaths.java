package io.streamgate.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the docs' sources and pictures are, from the repository root (found above the module's directory). */
final class DocsPaths {

    static final Path ROOT = repositoryRoot();
    static final Path DIAGRAMS = ROOT.resolve("docs/diagrams");
    static final Path IMAGES = ROOT.resolve("docs/images");
    static final Path BENCH_DATA = ROOT.resolve("bench/data");
    /** Set to render what is stale instead of failing on it. */
    static final boolean REGENERATE = Boolean.getBoolean("streamgate.docs.regenerate");
    static final String REGENERATE_COMMAND = "./mvnw -B -ntp -pl app,docs-tools -am verify "
            + "-Dtest='DiagramSourcesTest,DiagramImagesTest,BenchChartsTest' -Dsurefire.failIfNoSpecifiedTests=false "
            + "-DskipITs -Dstreamgate.docs.regenerate=true";

    private DocsPaths() {
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
