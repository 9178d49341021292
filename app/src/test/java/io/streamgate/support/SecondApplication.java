package io.streamgate.support;

import io.streamgate.StreamgateApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

import java.time.Duration;

/**
 * Another instance of the application in the test JVM, on the shared stack: to start the app while Kafka is down,
 * to restart it, or to act as a second replica.
 */
public final class SecondApplication {

    private SecondApplication() {
    }

    public static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--server.port=0";
        // springdoc builds the OpenAPI description on a thread of its own after start-up. A test that closes this
        // application within seconds (a loaded machine) made that thread fail on the closed context, and Awaitility,
        // which reports any thread's uncaught exception while it awaits, failed the next await of the test with it.
        // Built on the first /v3/api-docs request instead (no test asks a second application for it).
        all[1] = "--springdoc.pre-loading-enabled=false";
        System.arraycopy(args, 0, all, 2, args.length);
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
        // As the test configuration does for the others (spring.reactor.netty.shutdown-quiet-period): no 2 s wait.
        resources.setShutdownQuietPeriod(Duration.ZERO);
        return resources;
    }

    /**
     * A client for the second application on an event loop of its own, with a new connection per request, so that it
     * shares neither reactor-netty's global loops nor its global connection pool with the main application and its
     * test client. With them shared, a request to a freshly started second application now and then reached it only
     * after the client's 10 s timeout when the machine was loaded (seen in full CI runs only).
     */
    public static WebTestClient clientOf(ConfigurableApplicationContext app) {
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpClient http = HttpClient.newConnection().runOn(CLIENT_LOOP);
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(http)).baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10)).build();
    }

    private static final LoopResources CLIENT_LOOP = LoopResources.create("second-app-client", 1, true);
}
