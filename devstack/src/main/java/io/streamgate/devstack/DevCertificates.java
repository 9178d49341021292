package io.streamgate.devstack;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A local certificate authority and the certificates the dev stack's services and the development run's HTTPS listener
 * serve, as PEM files in one directory ({@code <data-dir>/tls}), made on first use and kept across restarts:
 * <pre>
 *   ca.pem, ca-key.pem          the local CA (trust {@code ca.pem}: {@code curl --cacert data/tls/ca.pem ...})
 *   server.pem, server-key.pem  the server certificate for localhost, 127.0.0.1, ::1 and the namespaced brokers'
 *                               10.77.0.1-3, signed by the CA
 *   server-bundle.pem           its key and certificate chain in one file (Kafka's PEM key store)
 *   clients/NAME.pem, -key.pem  a client certificate with the subject CN=NAME (Kafka's principal User:CN=NAME)
 * </pre>
 * Keys are EC P-256 (PKCS#8, unencrypted, readable by the owner only), which Java, OpenSSL (Postgres, curl, Python)
 * and Quarkus all take. The CA is valid for ten years, the others for one; a server certificate with less than 30 days
 * left is issued anew at the next start. A development CA, not a production one: its key sits beside it unencrypted.
 * <p>
 * Several processes may share a directory (a development run and a second replica): creation holds a file lock, and
 * every file is written beside its place and moved there, so a reader never sees half a file.
 */
public final class DevCertificates {

    /**
     * The names the server certificate is valid for: loopback, and the three brokers' addresses when they run in
     * network namespaces of their own ({@link BrokerNetwork}).
     */
    public static final List<String> SERVER_NAMES = List.of("localhost", "127.0.0.1", "::1",
            BrokerNetwork.address(1), BrokerNetwork.address(2), BrokerNetwork.address(3));

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;

    private DevCertificates(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The CA and the server certificate in {@code directory}, made first when missing (or near their end). */
    public static DevCertificates in(Path directory) {
        DevCertificates certificates = new DevCertificates(directory);
        certificates.locked(() -> {
            certificates.ensureAuthority();
            certificates.ensureServer();
            return null;
        });
        return certificates;
    }

    public Path directory() {
        return directory;
    }

    /** The CA certificate: what a client trusts. */
    public Path caCertificate() {
        return directory.resolve("ca.pem");
    }

    public Path serverCertificate() {
        return directory.resolve("server.pem");
    }

    public Path serverKey() {
        return directory.resolve("server-key.pem");
    }

    /** The server's key followed by its certificate and the CA's, in one file (Kafka's {@code PEM} key store type). */
    public Path serverBundle() {
        return directory.resolve("server-bundle.pem");
    }

    /** A client certificate and key with the subject {@code CN=name}, signed by the CA; issued on first use. */
    public Client client(String name) {
        if (!CLIENT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A client name is 1-64 of [A-Za-z0-9._-]: " + name);
        }
        Client client = new Client(name, directory.resolve("clients").resolve(name + ".pem"),
                directory.resolve("clients").resolve(name + "-key.pem"));
        locked(() -> {
            if (!Files.exists(client.certificate()) || !Files.exists(client.key())) {
                issue(client.certificate(), client.key(), new X500Name("CN=" + name), false);
            }
            return null;
        });
        return client;
    }

    /**
     * Issues a new server key and certificate in place of the current ones (same CA, same names): what a certificate
     * rotation looks like to a server that reloads its files. Returns the new certificate.
     */
    public X509Certificate renewServerCertificate() {
        return locked(() -> {
            issue(serverCertificate(), serverKey(), new X500Name("CN=localhost"), true);
            writeServerBundle();
            return read(serverCertificate());
        });
    }

    /**
     * A client certificate and its key.
     *
     * @param name        the certificate's common name: Kafka's principal is {@code User:CN=<name>}
     * @param certificate its certificate followed by the CA's (PEM)
     * @param key         its private key (PKCS#8 PEM)
     */
    public record Client(String name, Path certificate, Path key) {
        public String principal() {
            return "User:CN=" + name;
        }
    }

    /** Reads the first certificate of a PEM file. */
    public static X509Certificate read(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not a certificate: " + pem, e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void ensureAuthority() throws GeneralSecurityException, IOException, OperatorCreationException {
        Path key = directory.resolve("ca-key.pem");
        if (Files.exists(caCertificate()) && Files.exists(key)) {
            return;
        }
        KeyPair pair = newKeyPair();
        X500Name subject = new X500Name("CN=Streamgate development CA " + Instant.now().getEpochSecond());
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(pair.getPublic()));
        X509Certificate certificate = certificate(builder.build(signer(pair.getPrivate())));
        writePrivate(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        write(caCertificate(), pem("CERTIFICATE", certificate.getEncoded()));
        // A new CA invalidates everything it did not sign.
        Files.deleteIfExists(serverCertificate());
        deleteDirectory(directory.resolve("clients"));
    }

    private void ensureServer() throws GeneralSecurityException, IOException, OperatorCreationException {
        if (Files.exists(serverCertificate()) && Files.exists(serverKey()) && Files.exists(serverBundle())
                && read(serverCertificate()).getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE))
                && coversServerNames(read(serverCertificate()))) {
            return;
        }
        issue(serverCertificate(), serverKey(), new X500Name("CN=localhost"), true);
        writeServerBundle();
    }

    /** Whether a certificate names every one of {@link #SERVER_NAMES} (one issued before a name was added does not). */
    private static boolean coversServerNames(X509Certificate certificate) throws GeneralSecurityException,
            IOException {
        java.util.Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return false;
        }
        java.util.Set<String> held = new java.util.HashSet<>();
        for (List<?> name : names) {
            held.add(String.valueOf(name.get(1)));
        }
        for (String name : SERVER_NAMES) {
            String expected = Character.isLetter(name.charAt(0)) ? name
                    : java.net.InetAddress.getByName(name).getHostAddress();
            if (!held.contains(expected)) {
                return false;
            }
        }
        return true;
    }

    private void writeServerBundle() throws IOException {
        write(serverBundle(), Files.readString(serverKey()) + Files.readString(serverCertificate()));
    }

    private void issue(Path certificateFile, Path keyFile, X500Name subject, boolean server)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        X509Certificate ca = read(caCertificate());
        PrivateKey caKey = readKey(directory.resolve("ca-key.pem"));
        KeyPair pair = newKeyPair();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(pair.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(ca));
        if (server) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(SERVER_NAMES.stream()
                    .map(name -> new GeneralName(Character.isLetter(name.charAt(0)) ? GeneralName.dNSName
                            : GeneralName.iPAddress, name))
                    .toArray(GeneralName[]::new)));
        }
        X509Certificate certificate = certificate(builder.build(signer(caKey)));
        Files.createDirectories(certificateFile.getParent());
        // The key first: a reader that sees the new certificate finds its key already in place.
        writePrivate(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        write(certificateFile, pem("CERTIFICATE", certificate.getEncoded()) + Files.readString(caCertificate()));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder(SIGNATURE).build(key);
    }

    private static X509Certificate certificate(X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static PrivateKey readKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void write(Path file, String content) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content);
        move(next, file);
    }

    /** Owner-only (Postgres refuses a key file others can read). */
    private static void writePrivate(Path file, String content) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.deleteIfExists(next);
        try {
            Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(next);
        }
        Files.writeString(next, content, StandardOpenOption.TRUNCATE_EXISTING);
        move(next, file);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    private interface Work<T> {
        T run() throws GeneralSecurityException, IOException, OperatorCreationException;
    }

    /** Runs {@code work} holding this directory's lock, against other threads and other processes. */
    private <T> T locked(Work<T> work) {
        // One JVM holds a file lock once: threads queue here first.
        synchronized (DevCertificates.class) {
            return lockedFile(work);
        }
    }

    private <T> T lockedFile(Work<T> work) {
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return work.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the development certificates in " + directory, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot make the development certificates in " + directory, e);
        }
    }
}
