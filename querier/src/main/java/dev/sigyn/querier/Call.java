package dev.sigyn.querier;

/**
 * One query API request while it is being answered: who asks, what was asked (kept for the log line), and the
 * figures of the answer. Filled on a worker thread and read on the event loop after the futures complete.
 */
final class Call {
    enum Endpoint {
        QUERY_RANGE("query_range"), QUERY("query"), LABELS("labels"), LABEL_VALUES("label_values"), SERIES("series"), VOLUME("volume");

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

    Call(Endpoint endpoint, String tenant, FormValues form, long nowNanos) {
        this.endpoint = endpoint;
        this.tenant = tenant;
        this.form = form;
        this.nowNanos = nowNanos;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startedAtNanos) / 1e9;
    }
}
