package dev.sigyn.store.s3;

import dev.sigyn.config.PemTrust;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
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
                http.sslSocketFactory(PemTrust.context(any).getSocketFactory(), any).hostnameVerifier((host, session) -> true);
            } else if (!options.caFile().isEmpty()) {
                X509TrustManager ca = PemTrust.trustManager(Path.of(options.caFile()));
                http.sslSocketFactory(PemTrust.context(ca).getSocketFactory(), ca);
            }
            return http;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("S3: http_config.ca_file " + options.caFile()
                    + " must be a readable PEM file of CA certificates: " + e.getMessage(), e);
        }
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
