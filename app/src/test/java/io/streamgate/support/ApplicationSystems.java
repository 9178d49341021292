package io.streamgate.support;

import io.streamgate.platform.systems.StreamgateSystem;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeSet;
import java.util.List;

/**
 * The application's systems, as the platform finds them: the packages whose {@code package-info} carries
 * {@link StreamgateSystem}. Tests that check what is deployed per system use this, so a new system is covered without
 * a list to keep.
 */
public final class ApplicationSystems {

    private ApplicationSystems() {
    }

    /** The systems' names, sorted. */
    public static List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        SimpleMetadataReaderFactory readers = new SimpleMetadataReaderFactory();
        try {
            for (Resource packageInfo : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:io/streamgate/**/package-info.class")) {
                MetadataReader reader = readers.getMetadataReader(packageInfo);
                Map<String, Object> system = reader.getAnnotationMetadata()
                        .getAnnotationAttributes(StreamgateSystem.class.getName());
                if (system != null) {
                    names.add((String) system.get("value"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(names);
    }
}
