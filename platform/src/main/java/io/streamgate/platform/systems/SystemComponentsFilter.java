package io.streamgate.platform.systems;

import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leaves the classes of a system that is off out of component and configuration-properties scanning: Spring Boot asks
 * every {@link TypeExcludeFilter} bean about each candidate class. A class belongs to the system whose
 * {@link StreamgateSystem} annotates its package or the nearest enclosing one. Package annotations are read from the
 * class files, as the scan reads the candidates, so no class is loaded for it.
 */
final class SystemComponentsFilter extends TypeExcludeFilter {

    private final SystemSwitch systems;
    /** Package name to the system declared on it or above it (empty: none). */
    private final Map<String, Optional<String>> systemOfPackage = new ConcurrentHashMap<>();
    /** Every system a scan came across, on or off. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    SystemComponentsFilter(SystemSwitch systems) {
        this.systems = systems;
    }

    @Override
    public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
        String className = reader.getClassMetadata().getClassName();
        int dot = className.lastIndexOf('.');
        Optional<String> system = systemOf(dot < 0 ? "" : className.substring(0, dot), factory);
        system.ifPresent(seen::add);
        return system.isPresent() && !systems.isOn(system.get());
    }

    private Optional<String> systemOf(String packageName, MetadataReaderFactory factory) {
        if (packageName.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> known = systemOfPackage.get(packageName);
        if (known != null) {
            return known;
        }
        Optional<String> declared = declaredOn(packageName, factory);
        if (declared.isEmpty()) {
            int dot = packageName.lastIndexOf('.');
            declared = systemOf(dot < 0 ? "" : packageName.substring(0, dot), factory);
        }
        systemOfPackage.put(packageName, declared);
        return declared;
    }

    private static Optional<String> declaredOn(String packageName, MetadataReaderFactory factory) {
        try {
            MetadataReader packageInfo = factory.getMetadataReader(packageName + ".package-info");
            Map<String, Object> attributes = packageInfo.getAnnotationMetadata()
                    .getAnnotationAttributes(StreamgateSystem.class.getName());
            return attributes == null ? Optional.empty() : Optional.of((String) attributes.get("value"));
        } catch (IOException noPackageInfo) {
            return Optional.empty();
        }
    }

    Set<String> seen() {
        return Set.copyOf(seen);
    }

    // TypeExcludeFilter's own equals and hashCode throw: it expects filters that Spring's test context cache compares.
    // This one is registered per context by SystemsInitializer, never a cache key, so it is equal only to itself.
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
