package dev.sigyn.ruler.notify;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the notifier needs, taken from the ruler's configuration by its owner.
 *
 * @param alertmanagerUrls each Alertmanager's base URL (with any path prefix); alerts go to {@code <url>/api/v2/alerts}
 * @param timeout how long one POST may take
 * @param auth basic auth, a bearer token, or none
 * @param tlsCaFile a PEM file of CA certificates to trust for https instead of the JVM's; empty for the JVM's
 * @param queueCapacity how many alerts wait to be sent; beyond it the oldest are dropped and counted
 * @param resendDelay how long the ruler waits before sending a still-firing alert again
 * @param externalLabels added to every alert that does not have the label itself
 */
public record NotifierSettings(
        List<URI> alertmanagerUrls, Duration timeout, ClientAuth auth, Optional<Path> tlsCaFile, int queueCapacity,
        Duration resendDelay, Map<String, String> externalLabels) {
    /** Prometheus' and Loki's defaults: 10000 queued alerts, resent every minute, 10s per request. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final Duration DEFAULT_RESEND_DELAY = Duration.ofMinutes(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public NotifierSettings {
        alertmanagerUrls = List.copyOf(alertmanagerUrls);
        externalLabels = Map.copyOf(externalLabels);
        if (queueCapacity < 1) throw new IllegalArgumentException("queue capacity must be at least 1");
        if (!timeout.isPositive()) throw new IllegalArgumentException("timeout must be positive");
    }

    /** Parses {@code ruler.alertmanager_url}: a comma list of http(s) URLs; blanks are skipped. */
    public static List<URI> parseUrls(String commaList) {
        List<URI> urls = new ArrayList<>();
        for (String part : commaList.split(",")) {
            String s = part.strip();
            if (s.isEmpty()) continue;
            if (s.startsWith("dnssrv+") || s.startsWith("dns+")) {
                throw new IllegalArgumentException("alertmanager url " + s + ": DNS service discovery is not supported");
            }
            URI u = URI.create(s);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("alertmanager url " + s + ": expected http(s)://host[:port][/path]");
            }
            urls.add(u);
        }
        return urls;
    }
}
