package io.streamgate.platform.edge;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * The engine that encrypts the edge's HTTPS connections. Nothing here chooses it: Reactor Netty builds every HTTPS
 * listener's {@code SslContext} (Boot's SSL bundle customizer hands it the bundle's key manager and leaves the provider
 * alone) with OpenSSL when netty-tcnative loads and offers ALPN, and with the JDK's {@code SSLEngine} otherwise. The
 * platform ships netty-tcnative's BoringSSL for linux-x86_64, so that is OpenSSL on our images and machines; anywhere
 * else (another CPU or OS, a {@code java.io.tmpdir} it cannot load its library from) the edge still serves HTTPS, with
 * the JDK's engine. The start says which ({@link #describe()}), and {@code streamgate.http.tls.handshakes} counts the
 * handshakes each engine actually did ({@link ConnectionGuard}).
 */
final class TlsEngine {

    /** The {@code engine} tag of a connection served by OpenSSL (netty-tcnative). */
    static final String OPENSSL = "OpenSSL";
    /** The {@code engine} tag of a connection served by the JDK's {@code SSLEngine}. */
    static final String JDK = "JDK";

    private TlsEngine() {
    }

    /** The engine Reactor Netty picks for an HTTPS listener (HTTP/2 and HTTP/1.1 over ALPN), and why. */
    static String describe() {
        if (SslProvider.isAlpnSupported(SslProvider.OPENSSL)) {
            return OPENSSL + " (" + OpenSsl.versionString() + " through netty-tcnative)";
        }
        Throwable cause = OpenSsl.unavailabilityCause();
        return JDK + " SSLEngine (OpenSSL unavailable: " + (cause != null ? cause : "no ALPN support") + ")";
    }
}
