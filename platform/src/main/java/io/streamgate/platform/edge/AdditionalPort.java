package io.streamgate.platform.edge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.server.reactive.HttpHandler;

import java.util.List;

/**
 * Serves the whole application (every route, filter, error handler and actuator endpoint of the main port) on one more
 * port, for documents that put a system on a port of its own (seed 003's order details on 8001). Declare it as a bean;
 * a negative port turns it off, 0 picks a free port, and a port equal to the main one is not opened twice. It serves
 * HTTPS when every listener does ({@code streamgate.http.tls.required}); the edge's own HTTPS listener beside the plain
 * ones is one of these too.
 * <p>
 * The server is built like the main one: Boot's {@code WebServerFactoryCustomizer}s ({@code server.*} settings) and
 * the application's {@link ReactorResourceFactory} (the same event loops), then the port is set, so the HTTP edge's
 * protections (request-head and idle timeouts, the connection cap shared with the main port) apply here too. It
 * starts with the main server and stops gracefully with it.
 */
public final class AdditionalPort implements SmartLifecycle, ApplicationContextAware {

    private static final Logger log = LoggerFactory.getLogger(AdditionalPort.class);

    private final String name;
    private final int port;
    /** Set for the HTTPS listener beside the plain ones: it serves HTTPS whatever the other listeners do. */
    private final HttpsListeners https;
    private ApplicationContext context;
    private volatile WebServer server;

    public AdditionalPort(String name, int port) {
        this(name, port, null);
    }

    AdditionalPort(String name, int port, HttpsListeners https) {
        this.name = name;
        this.port = port;
        this.https = https;
    }

    /** The port it listens on, or -1 when it is off or not started. */
    public int port() {
        WebServer current = server;
        return current == null ? -1 : current.getPort();
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void start() {
        Environment environment = context.getEnvironment();
        Integer mainPort = environment.getProperty("local.server.port", Integer.class,
                environment.getProperty("server.port", Integer.class, 8080));
        if (port < 0 || (port > 0 && port == mainPort)) {
            return;
        }
        NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory();
        List<WebServerFactoryCustomizer> customizers = context.getBeanProvider(WebServerFactoryCustomizer.class)
                .orderedStream().map(c -> (WebServerFactoryCustomizer) c).toList();
        LambdaSafe.callbacks(WebServerFactoryCustomizer.class, customizers, factory)
                .invoke(customizer -> customizer.customize(factory));
        ObjectProvider<ReactorResourceFactory> resources = context.getBeanProvider(ReactorResourceFactory.class);
        resources.ifAvailable(factory::setResourceFactory);
        if (https != null) {
            https.secure(factory);
        }
        factory.setPort(port);
        WebServer started = factory.getWebServer(context.getBean(HttpHandler.class));
        started.start();
        server = started;
        log.info("{} also served on port {} ({})", name, started.getPort(),
                factory.getSsl() != null && factory.getSsl().isEnabled() ? "HTTPS" : "HTTP");
    }

    @Override
    public void stop(Runnable callback) {
        WebServer current = server;
        if (current == null) {
            callback.run();
            return;
        }
        current.shutDownGracefully(result -> {
            current.stop();
            server = null;
            callback.run();
        });
    }

    @Override
    public void stop() {
        WebServer current = server;
        if (current != null) {
            current.stop();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Starts with the main web server (Boot's web server start/stop phase). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
