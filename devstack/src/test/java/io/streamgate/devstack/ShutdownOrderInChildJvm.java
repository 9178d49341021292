package io.streamgate.devstack;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A JVM with a Spring context whose closing takes a while and a stack stop registered as the shared stack registers
 * its own; it exits at once, and {@code <file>} tells in which order the two happened.
 */
public final class ShutdownOrderInChildJvm {

    private ShutdownOrderInChildJvm() {
    }

    /** A bean that takes its time to close, as a consumer or a connection pool does. */
    @Configuration(proxyBeanMethods = false)
    static class SlowToClose {

        @Bean(destroyMethod = "close")
        AutoCloseable slowResource(Path file) {
            return () -> {
                Thread.sleep(1_000);
                record(file, "context closed");
            };
        }

        @Bean
        Path file() {
            return Path.of(System.getProperty("order.file"));
        }
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        System.setProperty("order.file", file.toString());
        SpringApplication application = new SpringApplication(SlowToClose.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        ConfigurableApplicationContext context = application.run();
        DevStack.stopAfterTheSpringContexts(() -> record(file, "stack stopped, context active: " + context.isActive()));
        System.exit(0);
    }

    private static void record(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
