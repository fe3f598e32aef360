package dev.sigyn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.ServerConfig;
import dev.sigyn.config.ServerTlsConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TlsConfig;
import dev.sigyn.kafka.testkit.TestCertificates;
import dev.sigyn.kafka.testkit.TestCertificates.Ca;
import dev.sigyn.kafka.testkit.TestCertificates.Identity;
import dev.sigyn.kafka.testkit.TestCertificates.KeyFormat;
import dev.sigyn.server.tls.CertificateReloader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * HTTPS on the public port with Loki's {@code server.http_tls_config}, {@code tls_min_version} and
 * {@code tls_cipher_suites}, on a real server and a test CA: what a client sees at the handshake and after it.
 */
class HttpsTest {
    @TempDir
    Path dir;

    private final Ca ca = TestCertificates.newCa("sigyn-test-ca");
    private final Ca otherCa = TestCertificates.newCa("someone-else");

    private SigynConfig config(TlsConfig http, String minVersion, String cipherSuites) {
        SigynConfig d = SigynConfig.defaults();
        return d.withServer(new ServerConfig("127.0.0.1", 0, "warn")
                        .withTls(new ServerTlsConfig(http, TlsConfig.none(), minVersion, cipherSuites)))
                .withCommon(new CommonConfig(dir.resolve("data").toString(), d.common().storage()));
    }

    private TlsConfig serverCert(String clientAuth) throws IOException {
        Identity.Files files = ca.issue("sigyn-server").write(dir, "server");
        Path clientCa = ca.writeCertificate(dir.resolve("clients-ca.pem"));
        return new TlsConfig(files.certificate().toString(), files.key().toString(), clientAuth, clientCa.toString());
    }

    @Test
    void httpsAnswersAClientThatTrustsTheCaAndPlainHttpOnTheSamePortGetsNoAnswer() throws Exception {
        try (SigynServer s = SigynServer.start(config(serverCert(""), "", ""))) {
            awaitReady(s, ca.clientContext(null));
            HttpClient https = HttpClient.newBuilder().sslContext(ca.clientContext(null)).build();
            String push = "{\"streams\":[{\"stream\":{\"app\":\"tls\"},\"values\":[[\""
                    + System.currentTimeMillis() * 1_000_000L + "\",\"over https\"]]}]}";
            HttpResponse<String> pushed = https.send(HttpRequest.newBuilder(
                            URI.create("https://localhost:" + s.port() + "/loki/api/v1/push"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(push)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, pushed.statusCode(), pushed.body());
            HttpResponse<String> query = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.port()
                    + "/loki/api/v1/query_range?query=%7Bapp%3D%22tls%22%7D")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, query.statusCode());
            assertTrue(query.body().contains("over https"), query.body());

            // A client that does not trust the CA refuses the server's certificate.
            assertThrows(SSLHandshakeException.class, () -> HttpClient.newBuilder()
                    .sslContext(otherCa.clientContext(null)).build()
                    .send(HttpRequest.newBuilder(URI.create("https://localhost:" + s.port() + "/ready")).build(),
                            HttpResponse.BodyHandlers.ofString()));
            // Plain HTTP to the TLS port: the server answers with TLS or closes, never with an HTTP answer.
            try (Socket plain = new Socket("127.0.0.1", s.port())) {
                plain.setSoTimeout(5_000);
                plain.getOutputStream().write("GET /ready HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String answer = readSome(plain.getInputStream());
                assertTrue(!answer.startsWith("HTTP/"), "plain HTTP got an answer: " + answer);
            }
        }
    }

    @Test
    void requireAndVerifyClientCertRefusesClientsWithoutACertificateOfTheClientCa() throws Exception {
        try (SigynServer s = SigynServer.start(config(serverCert("RequireAndVerifyClientCert"), "", ""))) {
            Identity good = ca.issue("grafana");
            Identity stranger = otherCa.issue("stranger");
            assertEquals(200, status(s, ca.clientContext(good)));
            assertRefused(s, ca.clientContext(null));
            assertRefused(s, ca.clientContext(stranger));
        }
    }

    @Test
    void verifyClientCertIfGivenTakesClientsWithoutOneButNotWithABadOne() throws Exception {
        try (SigynServer s = SigynServer.start(config(serverCert("VerifyClientCertIfGiven"), "", ""))) {
            assertEquals(200, status(s, ca.clientContext(null)));
            assertEquals(200, status(s, ca.clientContext(ca.issue("promtail"))));
            assertRefused(s, ca.clientContext(otherCa.issue("stranger")));
        }
    }

    @Test
    void requireAnyClientCertTakesAnyCertificateButNeedsOne() throws Exception {
        try (SigynServer s = SigynServer.start(config(serverCert("RequireAnyClientCert"), "", ""))) {
            assertEquals(200, status(s, ca.clientContext(otherCa.issue("anyone"))));
            assertRefused(s, ca.clientContext(null));
        }
    }

    @Test
    void requestClientCertTakesClientsWithAnyCertificateOrNone() throws Exception {
        try (SigynServer s = SigynServer.start(config(serverCert("RequestClientCert"), "", ""))) {
            assertEquals(200, status(s, ca.clientContext(null)));
            assertEquals(200, status(s, ca.clientContext(otherCa.issue("anyone"))));
        }
    }

    @Test
    void tlsMinVersion13RefusesAClientThatOffersOnlyTls12() throws Exception {
        try (SigynServer s = SigynServer.start(config(serverCert(""), "VersionTLS13", ""))) {
            try (SSLSocket tls13 = handshake(s, ca.clientContext(null), "TLSv1.3", null)) {
                assertEquals("TLSv1.3", tls13.getSession().getProtocol());
            }
            assertThrows(SSLException.class, () -> handshake(s, ca.clientContext(null), "TLSv1.2", null).close());
        }
        // By default TLS 1.2 is taken, as in Go.
        try (SigynServer s = SigynServer.start(config(serverCert(""), "", ""))) {
            try (SSLSocket tls12 = handshake(s, ca.clientContext(null), "TLSv1.2", null)) {
                assertEquals("TLSv1.2", tls12.getSession().getProtocol());
            }
        }
    }

    @Test
    void tlsCipherSuitesLimitTls12ToTheSuitesNamed() throws Exception {
        try (SigynServer s = SigynServer.start(config(serverCert(""), "",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305"))) {
            try (SSLSocket ok = handshake(s, ca.clientContext(null), "TLSv1.2",
                    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")) {
                assertEquals("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", ok.getSession().getCipherSuite());
            }
            assertThrows(SSLException.class, () -> handshake(s, ca.clientContext(null), "TLSv1.2",
                    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384").close());
            // TLS 1.3's suites are not configurable (as in Go) and stay on.
            try (SSLSocket tls13 = handshake(s, ca.clientContext(null), "TLSv1.3", null)) {
                assertEquals("TLSv1.3", tls13.getSession().getProtocol());
            }
        }
    }

    @Test
    void keysInPkcs1AndSec1FormTooAreServed() throws Exception {
        Identity rsa = ca.issue("rsa-server", "RSA");
        Identity.Files rsaFiles = rsa.write(dir.resolve("rsa.crt"), dir.resolve("rsa.key"), KeyFormat.PKCS1_RSA);
        assertTrue(Files.readString(rsaFiles.key()).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        try (SigynServer s = SigynServer.start(config(new TlsConfig(rsaFiles.certificate().toString(),
                rsaFiles.key().toString(), "", ""), "", ""))) {
            assertEquals("CN=rsa-server", servedCertificate(s).getSubjectX500Principal().getName());
        }
        Identity ec = ca.issue("ec-server");
        Identity.Files ecFiles = ec.write(dir.resolve("ec.crt"), dir.resolve("ec.key"), KeyFormat.SEC1_EC);
        assertTrue(Files.readString(ecFiles.key()).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        try (SigynServer s = SigynServer.start(config(new TlsConfig(ecFiles.certificate().toString(),
                ecFiles.key().toString(), "", ""), "", ""))) {
            assertEquals("CN=ec-server", servedCertificate(s).getSubjectX500Principal().getName());
        }
    }

    @Test
    void aReplacedCertificateIsServedToNewConnectionsWithoutARestartAndOpenOnesGoOn() throws Exception {
        TlsConfig tls = serverCert("");
        try (SigynServer s = SigynServer.start(config(tls, "", ""))) {
            assertEquals("CN=sigyn-server", servedCertificate(s).getSubjectX500Principal().getName());
            try (SSLSocket open = handshake(s, ca.clientContext(null), "TLSv1.3", null)) {
                assertTrue(request(open).startsWith("HTTP/1.1 200"));

                replace(ca.issue("renewed-server"), tls);
                awaitServed(s, "CN=renewed-server");
                // The connection opened before the renewal still serves requests.
                assertTrue(request(open).startsWith("HTTP/1.1 200"));
            }
        }
    }

    @Test
    void brokenNewFilesKeepTheCertificateInUse() throws Exception {
        TlsConfig tls = serverCert("");
        try (SigynServer s = SigynServer.start(config(tls, "", ""))) {
            // A new certificate whose key has not been written yet (the old key stays): refused, the old one stays.
            ca.issue("half-written").write(dir.resolve("new.crt"), dir.resolve("unused.key"), KeyFormat.PKCS8);
            Files.move(dir.resolve("new.crt"), Path.of(tls.certFile()), StandardCopyOption.REPLACE_EXISTING);
            Thread.sleep(3 * CertificateReloader.PERIOD_MILLIS);
            assertEquals("CN=sigyn-server", servedCertificate(s).getSubjectX500Principal().getName());
            assertEquals(200, status(s, ca.clientContext(null)));
            // A key file that is not PEM at all: the same.
            Files.writeString(Path.of(tls.keyFile()), "not a key");
            Thread.sleep(3 * CertificateReloader.PERIOD_MILLIS);
            assertEquals("CN=sigyn-server", servedCertificate(s).getSubjectX500Principal().getName());
            // Once both files are whole, the new certificate is served.
            replace(ca.issue("fixed-server"), tls);
            awaitServed(s, "CN=fixed-server");
        }
    }

    @Test
    void startUpRefusesTlsSettingsItCannotHonour() throws IOException {
        TlsConfig good = serverCert("");
        var noKey = assertThrows(IllegalArgumentException.class, () -> SigynServer.start(config(
                new TlsConfig(good.certFile(), "", "", ""), "", "")));
        assertTrue(noKey.getMessage().contains("server.http_tls_config.cert_file is set but key_file is empty"),
                noKey.getMessage());
        var noCa = assertThrows(IllegalArgumentException.class, () -> SigynServer.start(config(
                new TlsConfig(good.certFile(), good.keyFile(), "RequireAndVerifyClientCert", ""), "", "")));
        assertTrue(noCa.getMessage().contains("set client_ca_file"), noCa.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> SigynServer.start(config(
                new TlsConfig(dir.resolve("absent.crt").toString(), good.keyFile(), "", ""), "", "")));
        assertTrue(missing.getMessage().contains("server.http_tls_config.cert_file"), missing.getMessage());
        Identity.Files other = ca.issue("other").write(dir, "other");
        var mismatch = assertThrows(IllegalArgumentException.class, () -> SigynServer.start(config(
                new TlsConfig(good.certFile(), other.key().toString(), "", ""), "", "")));
        assertTrue(mismatch.getMessage().contains("is not the private key"), mismatch.getMessage());
    }

    // --- helpers

    /** Writes {@code identity} over the files {@code tls} names, each file replaced whole (as a deployment does). */
    private void replace(Identity identity, TlsConfig tls) throws IOException {
        Identity.Files fresh = identity.write(dir.resolve("fresh.crt"), dir.resolve("fresh.key"), KeyFormat.PKCS8);
        Files.move(fresh.key(), Path.of(tls.keyFile()), StandardCopyOption.REPLACE_EXISTING);
        Files.move(fresh.certificate(), Path.of(tls.certFile()), StandardCopyOption.REPLACE_EXISTING);
    }

    private X509Certificate servedCertificate(SigynServer s) throws IOException {
        try (SSLSocket socket = handshake(s, ca.clientContext(null), null, null)) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private void awaitServed(SigynServer s, String subject) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMillis(5 * CertificateReloader.PERIOD_MILLIS).toNanos();
        String served = "";
        while (System.nanoTime() < deadline) {
            served = servedCertificate(s).getSubjectX500Principal().getName();
            if (served.equals(subject)) return;
            Thread.sleep(100);
        }
        throw new AssertionError("still served " + served + ", not " + subject);
    }

    /** The status of {@code GET /ready} over a new connection. */
    private static int status(SigynServer s, SSLContext context) throws Exception {
        try (SSLSocket socket = handshake(s, context, null, null)) {
            String answer = request(socket);
            return Integer.parseInt(answer.substring(9, 12));
        }
    }

    /**
     * A client refused at the handshake. With TLS 1.3 the client may finish its side before the server checks its
     * certificate: then the refusal comes as the first read fails.
     */
    private static void assertRefused(SigynServer s, SSLContext context) {
        assertThrows(IOException.class, () -> {
            try (SSLSocket socket = handshake(s, context, null, null)) {
                String answer = request(socket);
                if (answer.isEmpty()) throw new IOException("connection closed without an answer");
                throw new AssertionError("answered: " + answer);
            }
        });
    }

    private static SSLSocket handshake(SigynServer s, SSLContext context, String protocol, String suite)
            throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", s.port());
        try {
            socket.setSoTimeout(10_000);
            if (protocol != null) socket.setEnabledProtocols(new String[]{protocol});
            if (suite != null) socket.setEnabledCipherSuites(new String[]{suite});
            var params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            socket.startHandshake();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** {@code GET /ready} on an open connection (kept alive); the answer's head, or "" when it was closed. */
    private static String request(SSLSocket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET /ready HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readSome(socket.getInputStream());
    }

    /** What arrives until the end of a short answer (its body "ready"), the connection's end, or a pause. */
    private static String readSome(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (java.net.SocketTimeoutException e) {
                return text.toString();
            }
            if (n < 0) return text.toString();
            text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            if (text.toString().endsWith("ready\n") || text.toString().endsWith("ready")) return text.toString();
        }
    }

    private static void awaitReady(SigynServer s, SSLContext context) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (s.isReady() && status(s, context) == 200) return;
            Thread.sleep(50);
        }
        throw new IllegalStateException("server not ready within 60 s");
    }
}
