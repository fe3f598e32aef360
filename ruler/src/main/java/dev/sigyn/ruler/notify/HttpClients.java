package dev.sigyn.ruler.notify;

import dev.sigyn.config.PemTrust;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** Builds the HTTP client the notifier posts with: trusting a given CA file instead of the JVM's when asked. */
final class HttpClients {
    private HttpClients() {
    }

    static HttpClient create(Duration connectTimeout, Optional<Path> caFile) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        caFile.ifPresent(f -> b.sslContext(trusting(f)));
        return b.build();
    }

    private static SSLContext trusting(Path caFile) {
        try {
            return PemTrust.context(PemTrust.trustManager(caFile));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("alertmanager CA file " + caFile + ": " + e.getMessage(), e);
        }
    }
}
