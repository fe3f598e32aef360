package dev.sigyn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The requests of one kind in one phase of a run: each one's latency and the HTTP status it was answered with (0 when
 * no answer came). Thread-safe: answers are recorded from whichever thread received them.
 */
final class RequestLog {
    static final int ERRORS_KEPT = 5;

    private final int okStatus;
    private final List<Double> latenciesMs = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final List<String> firstErrors = new ArrayList<>();

    /** {@code okStatus} is the answer that counts as success: 204 for a push, 200 for a query. */
    RequestLog(int okStatus) {
        this.okStatus = okStatus;
    }

    /** One answered (or failed) request; {@code error} says what went wrong when the status is not the expected one. */
    synchronized void add(double latencyMs, int status, String error) {
        latenciesMs.add(latencyMs);
        statuses.merge(status, 1, Integer::sum);
        if (status != okStatus && firstErrors.size() < ERRORS_KEPT) firstErrors.add(error);
    }

    synchronized int count() {
        return latenciesMs.size();
    }

    /** Requests not answered with the expected status. */
    synchronized int failures() {
        return count() - statuses.getOrDefault(okStatus, 0);
    }

    synchronized double[] latenciesMs() {
        return latenciesMs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    synchronized List<String> firstErrors() {
        return List.copyOf(firstErrors);
    }

    /** The statuses seen and how often, e.g. {@code 204 × 598, 503 × 2, no answer × 1}. */
    synchronized String statusCounts() {
        if (statuses.isEmpty()) return "none";
        StringJoiner text = new StringJoiner(", ");
        statuses.forEach((status, n) -> text.add(String.format(Locale.ROOT, "%s × %d", status == 0 ? "no answer" : status, n)));
        return text.toString();
    }

    /** Every request of several logs in one. */
    static RequestLog merged(int okStatus, Iterable<RequestLog> logs) {
        RequestLog all = new RequestLog(okStatus);
        for (RequestLog log : logs) {
            synchronized (log) {
                all.latenciesMs.addAll(log.latenciesMs);
                log.statuses.forEach((status, n) -> all.statuses.merge(status, n, Integer::sum));
                for (String e : log.firstErrors) if (all.firstErrors.size() < ERRORS_KEPT) all.firstErrors.add(e);
            }
        }
        return all;
    }
}
