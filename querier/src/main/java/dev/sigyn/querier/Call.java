package dev.sigyn.querier;

import dev.sigyn.logql.QueryContext;

import java.util.List;

/**
 * One query API request while it is being answered: who asks, what was asked (kept for the log line), and the
 * figures of the answer. Filled on a worker thread and read on the event loop after the futures complete. What the
 * call's parts share while they run in parallel is in its {@link QueryContext}, not here.
 */
final class Call {
    enum Endpoint {
        QUERY_RANGE("query_range"), QUERY("query"), LABELS("labels"), LABEL_VALUES("label_values"), SERIES("series"), VOLUME("volume"),
        VOLUME_RANGE("volume_range"), INDEX_STATS("index_stats"), DETECTED_FIELDS("detected_fields"),
        DETECTED_FIELD_VALUES("detected_field_values"), DETECTED_LABELS("detected_labels"),
        DRILLDOWN_LIMITS("drilldown_limits"), LEGACY_QUERY("legacy_query"), PATTERNS("patterns"),
        FORMAT_QUERY("format_query");

        final String tag;

        Endpoint(String tag) { this.tag = tag; }
    }

    final Endpoint endpoint;
    final String tenant;
    /** Null when the query string could not be decoded. */
    final FormValues form;
    final long nowNanos;
    final long startedAtNanos = System.nanoTime();
    /** The call's cancellation and memory budget, shared by all its parts (thread-safe). */
    final QueryContext context;
    /** What the call may read: its tenants and the streams it is restricted to. */
    final ReadScope scope;

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

    Call(Endpoint endpoint, String tenant, FormValues form, long nowNanos, QueryContext context) {
        this(endpoint, tenant, ReadScope.of(tenant), form, nowNanos, context);
    }

    Call(Endpoint endpoint, String tenant, ReadScope scope, FormValues form, long nowNanos, QueryContext context) {
        this.endpoint = endpoint;
        this.scope = scope;
        this.tenant = tenant;
        this.form = form;
        this.nowNanos = nowNanos;
        this.context = context;
    }

    /** Whether log lines are to be answered with their labels by category (Loki's {@code categorize-labels}). */
    boolean categorizeLabels() {
        return encodingFlags.contains(EncodingFlags.CATEGORIZE_LABELS);
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startedAtNanos) / 1e9;
    }
}
