package io.streamgate.platform.edge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Which listeners serve HTTPS ({@link HttpSettings.Tls}), applied to every listener's server factory (the main port's,
 * and each {@link AdditionalPort}'s, built through the same customizers):
 * <ul>
 *   <li>no SSL bundle of the configured name: plain HTTP only (a start that {@code requires} TLS fails instead);</li>
 *   <li>{@code required}: every listener serves HTTPS only, with the bundle;</li>
 *   <li>otherwise (the development run): the plain listeners stay plain and one more listener, {@code port}, serves
 *   HTTPS ({@link #besidePort()}).</li>
 * </ul>
 * An HTTPS listener offers HTTP/2 (ALPN {@code h2}) and HTTP/1.1, and takes its certificate from the bundle at each
 * handshake, so a bundle that reloads its files changes the certificate without a restart (Boot's SSL bundle update
 * handler). A plain listener offers HTTP/1.1 only, whatever {@code server.http2.enabled} says: cleartext HTTP/2 would
 * bypass what the connection guard bounds, and no client needs it. The TLS engine is OpenSSL where netty-tcnative
 * loads, the JDK's otherwise ({@link TlsEngine}).
 */
final class HttpsListeners implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(HttpsListeners.class);

    private final HttpSettings.Tls settings;
    private final boolean served;

    HttpsListeners(HttpSettings settings, SslBundles bundles) {
        this.settings = settings.tls();
        this.served = bundles != null && bundles.getBundleNames().contains(this.settings.bundle());
        if (this.settings.required() && !served) {
            throw new IllegalStateException("streamgate.http.tls.required is true but there is no SSL bundle named '"
                    + this.settings.bundle() + "': define it (spring.ssl.bundle.pem." + this.settings.bundle()
                    + ".keystore.certificate and .private-key, e.g. SPRING_SSL_BUNDLE_PEM_EDGE_KEYSTORE_CERTIFICATE), "
                    + "or set streamgate.http.tls.required=false where a proxy in front terminates TLS");
        }
        if (served) {
            log.info("HTTPS with SSL bundle '{}' on {}; Strict-Transport-Security: {}; TLS engine: {}",
                    this.settings.bundle(), this.settings.required() ? "every listener (no plain HTTP)"
                            : besidePort() < 0 ? "no listener (streamgate.http.tls.port is negative)"
                            : "a listener beside the plain ones (streamgate.http.tls.port " + besidePort() + ")",
                    this.settings.strictTransportSecurity(), TlsEngine.describe());
        }
    }

    /** Whether any listener serves HTTPS. */
    boolean served() {
        return served;
    }

    /** The port of the HTTPS listener beside the plain ones, or -1 when there is none. */
    int besidePort() {
        Integer port = settings.port();
        return !served || settings.required() || port == null || port < 0 ? -1 : port;
    }

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        if (served && settings.required()) {
            secure(factory);
        } else if (!Ssl.isEnabled(factory.getSsl())) {
            factory.setHttp2(null);
        }
    }

    /** Serves {@code factory}'s listener with the bundle, HTTP/2 and HTTP/1.1. */
    void secure(NettyReactiveWebServerFactory factory) {
        factory.setSsl(Ssl.forBundle(settings.bundle()));
        Http2 http2 = new Http2();
        http2.setEnabled(true);
        factory.setHttp2(http2);
    }

    /** After Boot's customizer, which applies {@code server.ssl} and {@code server.http2}. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}
