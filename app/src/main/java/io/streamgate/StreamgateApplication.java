package io.streamgate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Streamgate: the five systems on one platform, each switched on or off by configuration. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StreamgateApplication {

    public static void main(String[] args) {
        SpringApplication.run(StreamgateApplication.class, args);
    }
}
