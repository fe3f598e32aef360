package dev.sigyn.config;

/** How secrets are printed ({@code /config}, logs): as Loki prints them, never in clear. */
public final class Secrets {
    /** What Loki prints in place of a non-empty secret. */
    public static final String MASK = "********";

    private Secrets() {}

    public static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "" : MASK;
    }

    /** The URL with the password of its user-info part masked: {@code s3://key:********@region/bucket}. */
    public static String maskUrl(String url) {
        if (url == null) return "";
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = url.indexOf('@', start);
        int slash = url.indexOf('/', start);
        if (at < 0 || (slash >= 0 && slash < at)) return url;
        int colon = url.indexOf(':', start);
        if (colon < 0 || colon > at) return url;
        return url.substring(0, colon + 1) + MASK + url.substring(at);
    }
}
