package io.streamgate;

import io.streamgate.platform.database.MigrateCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Streamgate: the five systems on one platform, each switched on or off by configuration. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StreamgateApplication {

    /**
     * Runs the application; {@code migrate} as the first argument instead migrates the database given by
     * {@code DATABASE_URL} (platform and every system) and exits, with no web server and no Kafka.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("migrate")) {
            MigrateCommand.run(System.getenv());
            return;
        }
        SpringApplication.run(StreamgateApplication.class, args);
    }
}
