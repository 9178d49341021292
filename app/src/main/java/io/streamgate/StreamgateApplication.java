package io.streamgate;

import io.streamgate.platform.database.MigrateCommand;
import io.streamgate.platform.security.ApiKeysCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Streamgate: the five systems on one platform, each switched on or off by configuration. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StreamgateApplication {

    /**
     * Runs the application; {@code migrate} as the first argument instead migrates the database given by
     * {@code DATABASE_URL} (platform and every system) and exits, with no web server and no Kafka; {@code api-keys}
     * creates, revokes or lists API keys in that database and exits.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("migrate")) {
            MigrateCommand.run(System.getenv());
            return;
        }
        if (args.length > 0 && args[0].equals("api-keys")) {
            System.exit(ApiKeysCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv(),
                    System.out));
        }
        SpringApplication.run(StreamgateApplication.class, args);
    }
}
