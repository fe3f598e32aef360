package dev.sigyn.querier;

import java.util.List;

/**
 * One query API request while it is being answered: who asks, what was asked (kept for the log line), and the
 * figures of the answer. Filled on a worker thread and read on the event loop after the futures complete.
 */
final class Call {
    enum Endpoint {
        QUERY_RANGE("query_range"), QUERY("query"), LABELS("labels"), LABEL_VALUES("label_values"), SERIES("series"), VOLUME("volume"),
        VOLUME_RANGE("volume_range"), INDEX_STATS("index_stats"), DETECTED_FIELDS("detected_fields"),
        DETECTED_FIELD_VALUES("detected_field_values"), DETECTED_LABELS("detected_labels"),
        DRILLDOWN_LIMITS("drilldown_limits"), LEGACY_QUERY("legacy_query"), PATTERNS("patterns");

        final String tag;

        Endpoint(String tag) { this.tag = tag; }
    }

    final Endpoint endpoint;
    final String tenant;
    /** Null when the query string could not be decoded. */
    final FormValues form;
    final long nowNanos;
    final long startedAtNanos = System.nanoTime();

    String query = "";
    long startNanos;
    long endNanos;
    long stepNanos;
    int limit;
    QueryStats stats;
    String error;
    /** The {@code X-Loki-Response-Encoding-Flags} of the request (see {@link EncodingFlags}). */
    List<String> encodingFlags = List.of();
    /** Asked on a legacy {@code /api/prom/...} path: answers take Loki's legacy shapes. */
    boolean legacy;

    /** {@link System#nanoTime()} by which the answer must be ready; meaningful only when {@link #hasDeadline}. */
    private long deadlineNanos;
    private boolean hasDeadline;

    Call(Endpoint endpoint, String tenant, FormValues form, long nowNanos) {
        this.endpoint = endpoint;
        this.tenant = tenant;
        this.form = form;
        this.nowNanos = nowNanos;
    }

    /** Gives the call {@code timeout} from its start ({@code query_timeout}; zero or less: no limit). */
    void limitDuration(java.time.Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) return;
        deadlineNanos = startedAtNanos + timeout.toNanos();
        hasDeadline = true;
    }

    boolean pastDeadline() {
        return hasDeadline && System.nanoTime() - deadlineNanos >= 0;
    }

    /** Milliseconds until the deadline, or Long.MAX_VALUE without one. */
    long millisLeft() {
        return hasDeadline ? Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000) : Long.MAX_VALUE;
    }

    /** Whether log lines are to be answered with their labels by category (Loki's {@code categorize-labels}). */
    boolean categorizeLabels() {
        return encodingFlags.contains(EncodingFlags.CATEGORIZE_LABELS);
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startedAtNanos) / 1e9;
    }
}
