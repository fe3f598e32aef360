package dev.sigyn.ruler.remotewrite;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Posts one remote-write body for a tenant and says, as Prometheus decides it, whether to retry. */
final class ReceiverClient {
    private static final Logger log = LoggerFactory.getLogger(ReceiverClient.class);
    static final String TENANT_HEADER = "X-Scope-OrgID";

    /** What became of a post. */
    enum Outcome {
        /** 2xx: the receiver has the samples. */
        SENT,
        /** 4xx other than 429: the receiver will never take these samples; retrying would block the queue forever. */
        REJECTED,
        /** 5xx, 429, or no answer: try again later. */
        RETRY
    }

    private final RemoteWriteSettings settings;
    private final HttpClient http;

    ReceiverClient(RemoteWriteSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Outcome post(String tenant, byte[] snappyBody) throws InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(snappyBody));
        for (Map.Entry<String, String> h : settings.headers().entrySet()) {
            // no variant of the tenant header may be configured: it would let one tenant write as another
            if (!h.getKey().toLowerCase(Locale.ROOT).equals(TENANT_HEADER.toLowerCase(Locale.ROOT))) {
                req.header(h.getKey(), h.getValue());
            }
        }
        req.header(TENANT_HEADER, tenant)
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .header("User-Agent", "Sigyn-ruler");
        settings.auth().authorizationHeader().ifPresent(a -> req.header("Authorization", a));
        try {
            HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            int code = resp.statusCode();
            if (code / 100 == 2) return Outcome.SENT;
            String body = resp.body().length() > 512 ? resp.body().substring(0, 512) : resp.body();
            if (code == 429 || code / 100 == 5) {
                log.warn("remote write to {} for tenant {}: HTTP {}, will retry: {}", settings.url(), tenant, code, body.strip());
                return Outcome.RETRY;
            }
            log.error("remote write to {} for tenant {}: HTTP {}, dropping the batch: {}", settings.url(), tenant, code,
                    body.strip());
            return Outcome.REJECTED;
        } catch (IOException e) {
            log.warn("remote write to {} for tenant {} failed, will retry: {}", settings.url(), tenant, e.toString());
            return Outcome.RETRY;
        }
    }
}
