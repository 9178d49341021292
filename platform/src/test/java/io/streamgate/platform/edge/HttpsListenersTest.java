package io.streamgate.platform.edge;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Ssl;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which listeners serve HTTPS, from the settings and the SSL bundles there are. */
class HttpsListenersTest {

    private static HttpsListeners listeners(Map<String, String> properties, boolean edgeBundle) {
        HttpSettings settings = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("streamgate.http", HttpSettings.class);
        DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();
        if (edgeBundle) {
            bundles.registerBundle("edge", SslBundle.of(SslStoreBundle.NONE));
        }
        return new HttpsListeners(settings, bundles);
    }

    @Test
    void shouldServeNoHttpsWithoutTheBundleAndRefuseToStartWhenHttpsIsRequired() {
        assertThat(listeners(Map.of(), false).served()).isFalse();
        assertThat(listeners(Map.of(), false).besidePort()).isEqualTo(-1);
        assertThatThrownBy(() -> listeners(Map.of("streamgate.http.tls.required", "true"), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no SSL bundle named 'edge'");
    }

    @Test
    void shouldOpenAnHttpsListenerBesideThePlainOnesUnlessEveryListenerServesHttps() {
        assertThat(listeners(Map.of(), true).besidePort()).isEqualTo(8443);
        assertThat(listeners(Map.of("streamgate.http.tls.port", "-1"), true).besidePort()).isEqualTo(-1);
        assertThat(listeners(Map.of("streamgate.http.tls.required", "true"), true).besidePort()).isEqualTo(-1);
    }

    @Test
    void shouldSecureEveryListenerWithHttp2WhenRequiredAndKeepPlainListenersOffHttp2Otherwise() {
        NettyReactiveWebServerFactory required = new NettyReactiveWebServerFactory();
        listeners(Map.of("streamgate.http.tls.required", "true"), true).customize(required);
        assertThat(required.getSsl().getBundle()).isEqualTo("edge");
        assertThat(required.getHttp2().isEnabled()).isTrue();

        NettyReactiveWebServerFactory plain = new NettyReactiveWebServerFactory();
        Http2 cleartext = new Http2();
        cleartext.setEnabled(true);
        plain.setHttp2(cleartext);
        listeners(Map.of(), true).customize(plain);
        assertThat(Ssl.isEnabled(plain.getSsl())).isFalse();
        assertThat(plain.getHttp2()).isNull();
    }
}
