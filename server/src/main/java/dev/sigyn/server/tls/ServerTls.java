package dev.sigyn.server.tls;

import dev.sigyn.config.ServerTlsConfig;
import dev.sigyn.config.TlsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.net.TrustOptions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * Turns a TLS block of the configuration ({@code http_tls_config}, {@code grpc_tls_config}) into the options of a
 * Vert.x server, reading its PEM files once. Go's client auth types map onto JSSE's three modes; the two that take
 * any certificate trust every issuer, as Go does not verify theirs:
 * <pre>
 *   NoClientCert               NONE     no certificate asked for
 *   RequestClientCert          REQUEST  asked for; none or any (unverified) accepted
 *   RequireAnyClientCert       REQUIRED one needed; not verified
 *   VerifyClientCertIfGiven    REQUEST  none accepted; one given must chain to client_ca_file
 *   RequireAndVerifyClientCert REQUIRED one needed, chaining to client_ca_file
 * </pre>
 */
public final class ServerTls {
    /** The JVM's protocol names from the oldest, as {@code tls_min_version} cuts them. */
    private static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    /** Go does not let TLS 1.3's suites be chosen; JSSE would drop TLS 1.3 without them. */
    private static final List<String> TLS13_SUITES =
            List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    private ServerTls() {}

    /**
     * The server options of {@code block} (named {@code name} in messages, e.g. {@code server.http_tls_config}) as
     * its files are now.
     *
     * @throws IllegalArgumentException when a file is missing or unreadable, the key does not belong to the
     *                                  certificate, or a verifying client auth type has no CA file
     */
    public static ServerSSLOptions load(Vertx vertx, String name, TlsConfig block, ServerTlsConfig common) {
        if (block.keyFile().isEmpty()) throw new IllegalArgumentException(name + ".cert_file is set but key_file is empty");
        byte[] cert = read(name + ".cert_file", block.certFile());
        byte[] key = read(name + ".key_file", block.keyFile());
        PemKeyCertOptions keyCert = new PemKeyCertOptions().setCertValue(Buffer.buffer(cert))
                .setKeyValue(Buffer.buffer(key));
        checkKeyMatches(vertx, name, keyCert);

        ServerSSLOptions options = new ServerSSLOptions().setKeyCertOptions(keyCert).setUseAlpn(true)
                .setClientAuth(clientAuth(block));
        if (block.verifiesClients()) {
            if (block.clientCaFile().isEmpty()) {
                throw new IllegalArgumentException(name + ".client_auth_type " + block.clientAuthType()
                        + " verifies client certificates: set client_ca_file to the CAs that sign them");
            }
            byte[] ca = read(name + ".client_ca_file", block.clientCaFile());
            certificates(name + ".client_ca_file", ca);
            options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ca)));
        } else if (clientAuth(block) != ClientAuth.NONE) {
            options.setTrustOptions(TrustOptions.wrap(AnyClientCertificate.INSTANCE));
        }
        options.setEnabledSecureTransportProtocols(protocols(common));
        List<String> suites = common.cipherSuiteList();
        if (!suites.isEmpty()) {
            suites.forEach(options::addEnabledCipherSuite);
            TLS13_SUITES.forEach(options::addEnabledCipherSuite);
        }
        return options;
    }

    /**
     * Sets {@code http} up to serve TLS when {@code block} names a certificate; the answer, given the server once it
     * listens, reloads the certificate when its files change.
     */
    public static java.util.function.Consumer<HttpServer> secure(Vertx vertx, HttpServerOptions http, String name,
                                                                  TlsConfig block, ServerTlsConfig common) {
        if (!block.enabled()) return server -> {};
        byte[] fingerprint = CertificateReloader.fingerprint(block); // before reading: a change meanwhile is seen
        apply(http, load(vertx, name, block, common));
        return server -> CertificateReloader.watch(vertx, server, name, block, common, fingerprint);
    }

    /** {@code http} set up to serve TLS with {@code ssl}. */
    public static HttpServerOptions apply(HttpServerOptions http, ServerSSLOptions ssl) {
        http.setSsl(true).setUseAlpn(ssl.isUseAlpn()).setKeyCertOptions(ssl.getKeyCertOptions())
                .setClientAuth(ssl.getClientAuth()).setEnabledSecureTransportProtocols(
                        ssl.getEnabledSecureTransportProtocols());
        if (ssl.getTrustOptions() != null) http.setTrustOptions(ssl.getTrustOptions());
        ssl.getEnabledCipherSuites().forEach(http::addEnabledCipherSuite);
        return http;
    }

    static ClientAuth clientAuth(TlsConfig block) {
        return switch (block.effectiveClientAuth()) {
            case "NoClientCert" -> ClientAuth.NONE;
            case "RequestClientCert", "VerifyClientCertIfGiven" -> ClientAuth.REQUEST;
            case "RequireAnyClientCert", "RequireAndVerifyClientCert" -> ClientAuth.REQUIRED;
            default -> throw new IllegalArgumentException("unknown client_auth_type " + block.clientAuthType());
        };
    }

    /** {@code tls_min_version} and every newer version; TLS 1.2 and 1.3 when it is empty, as in Go. */
    static Set<String> protocols(ServerTlsConfig common) {
        String min = common.minVersion().isEmpty() ? "TLSv1.2" : ServerTlsConfig.VERSIONS.get(common.minVersion());
        return new LinkedHashSet<>(PROTOCOLS.subList(PROTOCOLS.indexOf(min), PROTOCOLS.size()));
    }

    private static byte[] read(String key, String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(key + " " + file + " cannot be read: " + e, e);
        }
    }

    private static List<X509Certificate> certificates(String key, byte[] pem) {
        try {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)).stream()
                    .map(c -> (X509Certificate) c).toList();
            if (certs.isEmpty()) throw new IllegalArgumentException(key + " holds no PEM certificate");
            return certs;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(key + " holds no valid PEM certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Fails unless the key signs what the certificate's public key verifies: a certificate replaced before its key
     * (a reload between the two writes) would otherwise be served and fail every handshake.
     */
    private static void checkKeyMatches(Vertx vertx, String name, PemKeyCertOptions keyCert) {
        X509KeyManager keys;
        try {
            keys = (X509KeyManager) keyCert.getKeyManagerFactory(vertx).getKeyManagers()[0];
        } catch (Exception e) {
            throw new IllegalArgumentException(name + ": cert_file and key_file must hold a PEM certificate and its"
                    + " private key (PKCS#8, PKCS#1 RSA or SEC1 EC): " + e.getMessage(), e);
        }
        for (String type : List.of("RSA", "EC", "EdDSA", "Ed25519", "RSASSA-PSS")) {
            String[] aliases = keys.getServerAliases(type, null);
            if (aliases == null || aliases.length == 0) continue;
            PrivateKey key = keys.getPrivateKey(aliases[0]);
            X509Certificate cert = keys.getCertificateChain(aliases[0])[0];
            if (!signsFor(key, cert)) {
                throw new IllegalArgumentException(name + ".key_file is not the private key of cert_file's"
                        + " certificate " + cert.getSubjectX500Principal());
            }
            return;
        }
        throw new IllegalArgumentException(name + ": no usable certificate and key in cert_file and key_file");
    }

    private static boolean signsFor(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // EdDSA, Ed25519: the key's own algorithm
        };
        try {
            byte[] probe = "sigyn".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (Exception e) {
            return false;
        }
    }

    /** Go's RequestClientCert and RequireAnyClientCert: a client's certificate is taken without a check. */
    private enum AnyClientCertificate implements X509TrustManager {
        INSTANCE;

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a server port trusts no server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
