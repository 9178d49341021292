package io.streamgate.support;

import io.streamgate.StreamgateApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

/**
 * Another instance of the application in the test JVM, on the shared stack: to start the app while Kafka is down,
 * to restart it, or to act as a second replica.
 */
public final class SecondApplication {

    private SecondApplication() {
    }

    public static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--server.port=0";
        System.arraycopy(args, 0, all, 1, args.length);
        return new SpringApplicationBuilder(StreamgateApplication.class)
                .initializers(context -> ((GenericApplicationContext) context).registerBean(
                        ReactorResourceFactory.class, SecondApplication::ownNettyResources))
                .run(all);
    }

    /**
     * By default every context uses reactor-netty's global event loops and connection pools, and disposes them when
     * it closes. One JVM runs one application in production, where that is right. Here, closing this second
     * application would pull the loops out from under the test's main application and its clients.
     */
    private static ReactorResourceFactory ownNettyResources() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        return resources;
    }

    public static WebTestClient clientOf(ConfigurableApplicationContext app) {
        String port = app.getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10)).build();
    }
}
