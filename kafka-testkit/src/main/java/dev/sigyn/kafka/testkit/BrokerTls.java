package dev.sigyn.kafka.testkit;

import dev.sigyn.kafka.testkit.TestCertificates.Ca;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The brokers' listener over TLS: one certificate of the test's CA for every broker (valid for 127.0.0.1), and that
 * CA as the only one they trust. The brokers replicate over the same listener, so they speak TLS to each other as
 * well; the controller's listener stays in cleartext.
 */
final class BrokerTls {
    /** The listener's name, which is also its security protocol. */
    static final String LISTENER = "SSL";
    private static final String KEY_STORE_PASSWORD = "sigyn-test";

    private final Path keyStore;
    private final Path trustStore;
    private final boolean requireClientCertificates;

    private BrokerTls(Path keyStore, Path trustStore, boolean requireClientCertificates) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.requireClientCertificates = requireClientCertificates;
    }

    /** Issues the brokers' certificate and writes it, with the CA, into {@code dir}. */
    static BrokerTls write(Ca ca, boolean requireClientCertificates, Path dir) throws IOException {
        Files.createDirectories(dir);
        // PKCS#12: a broker's PEM key store file must hold an encrypted key, which the test CA does not write.
        Path keyStore = ca.issue("kafka-broker").writePkcs12(dir.resolve("broker.p12"), KEY_STORE_PASSWORD);
        Path trustStore = ca.writeCertificate(dir.resolve("ca.pem"));
        return new BrokerTls(keyStore, trustStore, requireClientCertificates);
    }

    /** The broker properties of the TLS listener (they apply to every listener whose protocol is SSL). */
    Map<String, String> settings() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", keyStore.toString());
        p.put("ssl.keystore.password", KEY_STORE_PASSWORD);
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", trustStore.toString());
        p.put("ssl.client.auth", requireClientCertificates ? "required" : "none");
        return p;
    }
}
