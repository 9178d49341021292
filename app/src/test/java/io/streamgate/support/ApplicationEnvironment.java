package io.streamgate.support;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The application's configuration as a deployment gives it: a process environment (a Kubernetes container's or an ECS
 * task's variables) over the application's own {@code application.yml} and the profile files it activates, bound as
 * the application binds them. Deployment tests read what the application will actually use from it.
 */
public final class ApplicationEnvironment {

    private static final Path RESOURCES = locate("app/src/main/resources");

    private ApplicationEnvironment() {
    }

    public static Binder binder(Map<String, ?> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(variables)));
        List<String> files = new ArrayList<>();
        Object profiles = variables.get("SPRING_PROFILES_ACTIVE");
        if (profiles != null) {
            for (String profile : String.valueOf(profiles).split(",")) {
                files.add("application-" + profile.trim() + ".yml");
            }
        }
        files.add("application.yml");
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        try {
            for (String file : files) {
                Path path = RESOURCES.resolve(file);
                if (Files.exists(path)) {
                    for (PropertySource<?> source : yaml.load(file, new FileSystemResource(path))) {
                        sources.addLast(source);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment);
    }

    private static Path locate(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(relative))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no " + relative + " above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve(relative);
    }
}
