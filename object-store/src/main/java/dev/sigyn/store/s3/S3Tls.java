package dev.sigyn.store.s3;

import okhttp3.OkHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Loki's {@code http_config.ca_file} and {@code insecure_skip_verify} for the S3 endpoint, on the HTTP client. As in
 * Go, a CA file replaces the system's CAs rather than adding to them.
 */
final class S3Tls {
    private S3Tls() {}

    /** {@code http} trusting what the options say; unchanged when they say nothing. */
    static OkHttpClient.Builder apply(OkHttpClient.Builder http, S3Options options) {
        try {
            if (options.insecureSkipVerify()) {
                X509TrustManager any = new TrustAnyServer();
                http.sslSocketFactory(context(any).getSocketFactory(), any).hostnameVerifier((host, session) -> true);
            } else if (!options.caFile().isEmpty()) {
                X509TrustManager ca = trusting(Path.of(options.caFile()));
                http.sslSocketFactory(context(ca).getSocketFactory(), ca);
            }
            return http;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("S3: http_config.ca_file " + options.caFile()
                    + " must be a readable PEM file of CA certificates: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trusting(Path caFile) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(caFile)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certs.isEmpty()) throw new GeneralSecurityException("no certificate in it");
        int i = 0;
        for (Certificate c : certs) store.setCertificateEntry("ca" + i++, c);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) return x;
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private static SSLContext context(X509TrustManager trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{trust}, new SecureRandom());
        return context;
    }

    /** {@code insecure_skip_verify}: any certificate is taken. */
    private static final class TrustAnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
