package io.streamgate.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The development CA and its certificates: files, names, chains, and a real TLS handshake with each. */
class DevCertificatesTest {

    @TempDir
    Path directory;

    @Test
    void shouldMakeACaAndAServerCertificateForLocalhostOnFirstUseAndKeepThem() throws Exception {
        DevCertificates certificates = DevCertificates.in(directory);
        X509Certificate ca = DevCertificates.read(certificates.caCertificate());
        X509Certificate server = DevCertificates.read(certificates.serverCertificate());

        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        ca.verify(ca.getPublicKey());
        server.verify(ca.getPublicKey());
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList())
                .containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "10.77.0.1", "10.77.0.2",
                        "10.77.0.3");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(Files.getPosixFilePermissions(certificates.serverKey()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(certificates.serverBundle())).startsWith("-----BEGIN PRIVATE KEY-----")
                .contains("-----BEGIN CERTIFICATE-----");

        DevCertificates again = DevCertificates.in(directory);
        assertThat(DevCertificates.read(again.caCertificate())).isEqualTo(ca);
        assertThat(DevCertificates.read(again.serverCertificate())).isEqualTo(server);
    }

    @Test
    void shouldServeTlsThatAClientTrustingTheCaAcceptsForBothNamesOfThisHost() throws Exception {
        DevCertificates certificates = DevCertificates.in(directory);
        SslBundle server = SslBundle.of(new PemSslStoreBundle(PemSslStoreDetails.forCertificate(
                certificates.serverCertificate().toString()).withPrivateKey(certificates.serverKey().toString()), null));

        assertThat(handshake(server, trusting(certificates), "localhost")).isEqualTo("TLSv1.3");
        assertThat(handshake(server, trusting(certificates), "127.0.0.1")).isEqualTo("TLSv1.3");
        assertThatThrownBy(() -> handshake(server, trusting(DevCertificates.in(directory.resolve("other"))),
                "localhost")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void shouldIssueClientCertificatesNamedByTheirCommonNameSignedByTheCa() throws Exception {
        DevCertificates certificates = DevCertificates.in(directory);
        DevCertificates.Client client = certificates.client("payments");
        X509Certificate certificate = DevCertificates.read(client.certificate());

        certificate.verify(DevCertificates.read(certificates.caCertificate()).getPublicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=payments");
        assertThat(client.principal()).isEqualTo("User:CN=payments");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(certificates.client("payments").certificate()).hasSameTextualContentAs(client.certificate());
        assertThatThrownBy(() -> certificates.client("no spaces")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRenewTheServerCertificateInPlaceUnderTheSameCa() throws Exception {
        DevCertificates certificates = DevCertificates.in(directory);
        X509Certificate before = DevCertificates.read(certificates.serverCertificate());

        X509Certificate after = certificates.renewServerCertificate();

        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(after.getPublicKey()).isNotEqualTo(before.getPublicKey());
        after.verify(DevCertificates.read(certificates.caCertificate()).getPublicKey());
        assertThat(DevCertificates.read(certificates.serverCertificate())).isEqualTo(after);
        assertThat(Files.readString(certificates.serverBundle())).contains(Files.readString(certificates.serverKey()));
    }

    private static SslBundle trusting(DevCertificates certificates) {
        return SslBundle.of(new PemSslStoreBundle(null,
                PemSslStoreDetails.forCertificate(certificates.caCertificate().toString())));
    }

    /** One handshake between a JDK server and client on this host; returns the protocol the client negotiated. */
    private static String handshake(SslBundle server, SslBundle client, String host) throws Exception {
        SSLContext serverContext = server.createSslContext();
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                    accepted.getOutputStream().write(1);
                    accepted.getInputStream().read();
                } catch (Exception ignored) {
                    // the client's side says what happened
                }
            });
            try (SSLSocket socket = (SSLSocket) client.createSslContext().getSocketFactory()
                    .createSocket(host, listener.getLocalPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                assertThat(socket.getInputStream().read()).isEqualTo(1);
                socket.getOutputStream().write(1);
                return socket.getSession().getProtocol();
            } finally {
                served.join();
            }
        }
    }
}
