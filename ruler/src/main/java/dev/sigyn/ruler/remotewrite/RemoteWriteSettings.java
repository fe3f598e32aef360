package dev.sigyn.ruler.remotewrite;

import dev.sigyn.ruler.notify.ClientAuth;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One remote-write client ({@code ruler.remote_write.clients.<name>}), taken from the configuration by its owner.
 *
 * @param url the receiver's endpoint, e.g. {@code http://prometheus:9090/api/v1/write}
 * @param headers sent with every request; any {@code X-Scope-OrgID} here is replaced by the tenant's, as Loki does
 * @param auth basic auth, a bearer token, or none
 * @param timeout how long one POST may take
 * @param minBackoff the first wait after a failed post; doubled after each further failure
 * @param maxBackoff the longest wait between retries
 * @param batchSize the most samples per request
 * @param directory where samples wait on disk, one sub-directory per tenant; each client needs its own
 * @param segmentBytes the size past which the queue starts a new segment file (sent segments are deleted whole)
 */
public record RemoteWriteSettings(
        URI url, Map<String, String> headers, ClientAuth auth, Duration timeout, Duration minBackoff,
        Duration maxBackoff, int batchSize, Path directory, long segmentBytes) {
    /** Prometheus' queue_config defaults: 30ms to 5s of backoff, 2000 samples per send; its 30s remote timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(30);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final int DEFAULT_BATCH_SIZE = 2000;
    public static final long DEFAULT_SEGMENT_BYTES = 8L << 20;

    public RemoteWriteSettings {
        headers = Map.copyOf(headers);
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("remote write url " + url + ": expected http(s)://host[:port]/path");
        }
        if (!timeout.isPositive()) throw new IllegalArgumentException("remote write timeout must be positive");
        if (!minBackoff.isPositive() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("remote write backoff: need 0 < min_backoff <= max_backoff");
        }
        if (batchSize < 1) throw new IllegalArgumentException("remote write batch size must be at least 1");
        if (segmentBytes < 1) throw new IllegalArgumentException("remote write segment size must be positive");
    }

    /** A client with Prometheus' defaults. */
    public static RemoteWriteSettings defaults(URI url, Path directory) {
        return new RemoteWriteSettings(url, Map.of(), new ClientAuth.None(), DEFAULT_TIMEOUT, DEFAULT_MIN_BACKOFF,
                DEFAULT_MAX_BACKOFF, DEFAULT_BATCH_SIZE, directory, DEFAULT_SEGMENT_BYTES);
    }
}
