package dev.sigyn.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that each run heavy queries back to back, going through the query list in turn (client k starts at query
 * k, so the mix is even from the first second), until {@link #stop()}. Every run carries a new nonce matcher
 * ({@link QueryCommand#withRunMatcher}), so no results cache can answer: each run is evaluated.
 */
final class QueryLoad {
    private final QueryCommand.Params params;
    private static final Duration TRANSPORT_ERROR_PAUSE = Duration.ofMillis(100);
    private final List<String> queries;
    private final List<RequestLog> logs = new ArrayList<>();
    private final HttpClient http = SigynBench.httpClient();
    private final List<Thread> clients = new ArrayList<>();
    private final AtomicInteger cutOff = new AtomicInteger();
    private final Duration timeout;
    private volatile boolean stopping;

    /** What the clients saw: one log per query, in the list's order, and the queries still running at the stop. */
    record Result(List<RequestLog> perQuery, int cutOff) {}

    QueryLoad(QueryCommand.Params params, List<String> queries, Duration timeout) {
        this.params = params;
        this.queries = queries;
        this.timeout = timeout;
        for (int q = 0; q < queries.size(); q++) logs.add(new RequestLog(200));
    }

    void start(int clientCount) {
        for (int c = 0; c < clientCount; c++) {
            int first = c;
            clients.add(Thread.ofPlatform().name("sigyn-bench-query-" + c).daemon().start(() -> loop(first)));
        }
    }

    /** Aborts the queries in flight (counted as cut off, not as errors) and returns what was answered before. */
    Result stop() throws InterruptedException {
        stopping = true;
        http.shutdownNow(); // a client that goes away: the server may stop evaluating
        for (Thread c : clients) c.join();
        return new Result(List.copyOf(logs), cutOff.get());
    }

    private static boolean pause() {
        try {
            Thread.sleep(TRANSPORT_ERROR_PAUSE);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void loop(int first) {
        for (int run = first; !stopping; run++) {
            int q = run % queries.size();
            HttpRequest request = HttpRequest.newBuilder(QueryCommand.queryRangeUri(params,
                            QueryCommand.withRunMatcher(queries.get(q), QueryCommand.newNonce())))
                    .timeout(timeout).header("X-Scope-OrgID", params.tenant()).GET().build();
            long sent = System.nanoTime();
            try {
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                double ms = (System.nanoTime() - sent) / 1e6;
                String error = r.statusCode() == 200 ? null
                        : "HTTP " + r.statusCode() + ": " + SigynBench.abbreviate(new String(r.body(), StandardCharsets.UTF_8));
                logs.get(q).add(ms, r.statusCode(), error);
            } catch (IOException e) {
                if (stopping) {
                    cutOff.incrementAndGet();
                    return;
                }
                logs.get(q).add((System.nanoTime() - sent) / 1e6, 0, e.toString());
                if (!pause()) return; // a server that refuses connections is not hammered in a tight loop
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
