package dev.sigyn.store.s3;

import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.Secrets;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything {@link S3BlobStore} needs to reach one bucket.
 *
 * @param endpoint       full base URL of the service ({@code https://s3.eu-west-1.amazonaws.com},
 *                       {@code http://minio:9000})
 * @param forcePathStyle {@code endpoint/bucket/key} URLs; otherwise {@code bucket.endpoint/key}
 * @param region         signing region; empty lets the client ask the service
 * @param connectTimeout how long opening a connection may take
 * @param requestTimeout how long a request may go without a byte moving (each read and write); a whole call is also
 *                       bounded by {@link #CALL_TIMEOUT}, so a server that accepts connections but never answers
 *                       cannot hold a flush forever
 * @param maxRetries     attempts after the first one for transient failures (5xx, throttling, connection errors)
 * @param minBackoff     wait before the first retry; doubles each time up to {@code maxBackoff}
 * @param sse            server-side encryption asked for on every write
 * @param insecureSkipVerify {@code http_config.insecure_skip_verify}: HTTPS without checking the endpoint's
 *                       certificate or name
 * @param caFile         {@code http_config.ca_file}: PEM file of the CAs trusted for the endpoint instead of the JVM's;
 *                       empty: the JVM's
 */
public record S3Options(String endpoint, String bucket, String accessKeyId, String secretAccessKey, String region,
                        boolean forcePathStyle, Duration connectTimeout, Duration requestTimeout, int maxRetries,
                        Duration minBackoff, Duration maxBackoff, ServerSideEncryption sse,
                        boolean insecureSkipVerify, String caFile) {
    /** Loki's {@code backoff_config} defaults. */
    public static final int DEFAULT_MAX_RETRIES = 5;
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(3);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The most one HTTP call (one attempt) may take from start to end: ample for the 8 MiB a call carries at most. */
    public static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);

    public S3Options {
        if (bucket == null || bucket.isBlank()) throw new IllegalArgumentException("S3: no bucket configured");
        if (endpoint == null || endpoint.isBlank()) throw new IllegalArgumentException("S3: no endpoint");
    }

    /** Options without server-side encryption, checking the endpoint's certificate against the JVM's CAs. */
    public S3Options(String endpoint, String bucket, String accessKeyId, String secretAccessKey, String region,
                     boolean forcePathStyle, Duration connectTimeout, Duration requestTimeout, int maxRetries,
                     Duration minBackoff, Duration maxBackoff) {
        this(endpoint, bucket, accessKeyId, secretAccessKey, region, forcePathStyle, connectTimeout, requestTimeout,
                maxRetries, minBackoff, maxBackoff, ServerSideEncryption.NONE, false, "");
    }

    /** Options with Sigyn's timeouts and Loki's retry defaults. */
    public static S3Options of(String endpoint, String bucket, String accessKeyId, String secretAccessKey,
                               String region, boolean forcePathStyle) {
        return new S3Options(endpoint, bucket, accessKeyId, secretAccessKey, region, forcePathStyle,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_MIN_BACKOFF,
                DEFAULT_MAX_BACKOFF, ServerSideEncryption.NONE, false, "");
    }

    /**
     * The options a configuration asks for, or empty when it names no bucket (then the filesystem store is used).
     * The {@code s3} URL ({@code s3://key:secret@region-or-host[:port]/bucket}) fills what the separate keys leave
     * empty. Without an endpoint the AWS endpoint of the region is used.
     */
    public static Optional<S3Options> fromConfig(CommonConfig.S3Config c) {
        if (!c.isConfigured()) return Optional.empty();
        String endpoint = c.endpoint();
        String bucket = c.bucketNames();
        String key = c.accessKeyId();
        String secret = c.secretAccessKey();
        String region = c.region();
        if (!c.url().isBlank()) {
            UrlParts u = UrlParts.parse(c.url());
            if (bucket.isBlank()) bucket = u.bucket();
            if (key.isBlank()) key = u.user();
            if (secret.isBlank()) secret = u.password();
            // A bare host without dots is a region ("s3://eu-west-1/bucket"), as in Loki.
            if (u.host().contains(".") || u.host().contains(":") || u.host().equals("localhost")) {
                if (endpoint.isBlank()) endpoint = u.host();
            } else if (region.isBlank()) {
                region = u.host();
            }
        }
        String host = endpoint.isBlank()
                ? (region.isBlank() ? "s3.amazonaws.com" : "s3." + region + ".amazonaws.com")
                : endpoint;
        String url = host.contains("://") ? host : (c.insecure() ? "http://" : "https://") + host;
        return Optional.of(new S3Options(url, bucket.strip(), key, secret, region, c.forcePathStyle(),
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_MIN_BACKOFF,
                DEFAULT_MAX_BACKOFF, ServerSideEncryption.of(c.sse()), c.insecureSkipVerify(), c.caFile()));
    }

    @Override
    public String toString() {
        return "S3Options[endpoint=" + endpoint + ", bucket=" + bucket + ", accessKeyId=" + accessKeyId
                + ", secretAccessKey=" + Secrets.mask(secretAccessKey) + ", region=" + region
                + ", forcePathStyle=" + forcePathStyle + ", sse=" + sse.headers() + ", insecureSkipVerify="
                + insecureSkipVerify + ", caFile=" + caFile + "]";
    }

    private record UrlParts(String user, String password, String host, String bucket) {
        static UrlParts parse(String text) {
            URI uri;
            try {
                uri = URI.create(text.contains("://") ? text : "s3://" + text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("S3: invalid s3 URL (expected s3://key:secret@region/bucket)", e);
            }
            String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo();
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            String host = uri.getHost() == null ? "" : uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
            return new UrlParts(user, password, host, path);
        }

        private static String decode(String s) {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }
}
