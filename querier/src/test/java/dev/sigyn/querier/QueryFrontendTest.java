package dev.sigyn.querier;

import dev.sigyn.config.CacheConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.querier.frontend.QuerierAddress;
import dev.sigyn.querier.frontend.QuerierWorkService;
import dev.sigyn.querier.frontend.QueryFrontend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sigyn.querier.ApiServer.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The query frontend over real queriers in this JVM (each with its query API on HTTP/1.1 and its split service on
 * HTTP/2 cleartext): it answers what a querier answers, spreads splits over the queriers it finds, and survives a
 * querier that dies mid-query.
 */
class QueryFrontendTest {
    private static final long S = 1_000_000_000L;
    private static final long HOUR = 3600 * S;
    private static final long T0 = 1_793_491_200L * S; // 2026-11-01T00:00:00Z, an hour boundary
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String METRIC = "sum by (app) (count_over_time({app=~\".+\"}[5m]))";
    /** 00:05 to 03:58: four one-hour splits. */
    private static final String RANGE = form("start", Long.toString(T0 + 300 * S),
            "end", Long.toString(T0 + 4 * HOUR - 120 * S), "step", "90");

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<QuerierAddress> directory = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) c.close();
    }

    private static SigynConfig config(boolean cacheResults) {
        return ApiServer.config(true)
                .withLimits(SigynConfig.defaults().limits().withSplitQueriesByInterval(Duration.ofHours(1)))
                .withCaches(new CacheConfig(100, 100, cacheResults, 100));
    }

    private static InMemorySource data() {
        InMemorySource source = new InMemorySource();
        Labels web = Labels.of("app", "web", "level", "info");
        Labels api = Labels.of("app", "api", "level", "error");
        for (long t = T0; t < T0 + 4 * HOUR; t += 37 * S) {
            source.add("acme", web, t, "GET /x 200 " + (t / S % 100));
            if (t / S % 3 == 0) source.add("acme", api, t + 1, "level=error took=" + (t / S % 17) + "ms");
        }
        return source;
    }

    /** A querier: its query API and its split service, each on a server of its own, over its own copy of the data. */
    private final class Querier implements AutoCloseable {
        final Vertx vertx = Vertx.vertx();
        final AtomicInteger splits = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final Blocking source = new Blocking(data());
        final HttpServer http;
        final HttpServer internal;
        final QuerierAddress address;

        Querier() throws Exception {
            SigynConfig config = config(false);
            TenantLimits limits = TenantLimits.fixed(config.limits());
            QueryApi api = new QueryApi(vertx, List.of(source), List.of(), TenantResolver.orgIdHeader(true), config,
                    limits, new SimpleMeterRegistry(), Clock.fixed(Instant.ofEpochSecond(T0 / S + 86_400), ZoneOffset.UTC));
            Router public_ = Router.router(vertx);
            public_.route().handler(ctx -> {
                calls.incrementAndGet();
                ctx.next();
            });
            api.mount(public_);
            Router private_ = Router.router(vertx);
            private_.route(QuerierWorkService.PATH).handler(ctx -> {
                splits.incrementAndGet();
                ctx.next();
            });
            new QuerierWorkService(vertx, api.splits(), limits).mount(private_);
            http = vertx.createHttpServer().requestHandler(public_).listen(0, "127.0.0.1").await();
            internal = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
                    .requestHandler(private_).listen(0, "127.0.0.1").await();
            address = new QuerierAddress("127.0.0.1:" + internal.actualPort(), "127.0.0.1:" + http.actualPort());
            closing.add(this);
        }

        /** Dies as a killed process does for its clients: its connections drop, nothing more is answered. */
        void kill() {
            internal.close().await();
            http.close().await();
        }

        @Override
        public void close() {
            source.release.countDown();
            vertx.close().await();
        }
    }

    /** The data, with reads that can be held until released, so that a querier can be killed while it reads. */
    private static final class Blocking implements LogSource {
        private final InMemorySource data;
        volatile boolean hold;
        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Blocking(InMemorySource data) {
            this.data = data;
        }

        @Override
        public void scan(String tenant, StreamQuery query, StreamSink sink) throws IOException {
            if (hold) {
                reading.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            data.scan(tenant, query, sink);
        }

        @Override
        public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) {
            return data.series(tenant, matchers, startNanos, endNanos);
        }
    }

    private int frontendPort() throws Exception {
        Vertx vertx = Vertx.vertx();
        SigynConfig config = config(true);
        QueryFrontend frontend = new QueryFrontend(vertx, () -> List.copyOf(directory), TenantResolver.orgIdHeader(true),
                config, TenantLimits.fixed(config.limits()), new SimpleMeterRegistry());
        Router router = Router.router(vertx);
        frontend.mount(router);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        closing.add(() -> {
            frontend.close().await();
            vertx.close().await();
        });
        return server.actualPort();
    }

    private static HttpResponse<String> get(int port, String path, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + "?" + query))
                .header("X-Scope-OrgID", "acme").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Scope-OrgID", "acme").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int port(QuerierAddress a) {
        return Integer.parseInt(a.http().substring(a.http().lastIndexOf(':') + 1));
    }

    /** The answer up to its statistics, which hold the time it took: everything the conformance cases compare. */
    private static String result(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        int stats = r.body().indexOf(",\"stats\":");
        return stats < 0 ? r.body() : r.body().substring(0, stats);
    }

    @Test
    void aSplitRangeMetricQueryAnswersWhatAQuerierAnswersByteForByte() throws Exception {
        Querier a = new Querier(), b = new Querier();
        directory.addAll(List.of(a.address, b.address));
        int frontend = frontendPort();
        for (String q : List.of(METRIC, "rate({app=\"web\"} |= \"200\" [2m])",
                "sum(sum_over_time({app=\"api\"} | logfmt | unwrap duration(took) [15m])) / 2",
                "topk(1, sum by (level) (bytes_over_time({app=~\".+\"}[10m])))")) {
            String params = form("query", q) + "&" + RANGE;
            String direct = result(get(port(a.address), "/loki/api/v1/query_range", params));
            assertTrue(direct.contains("\"values\":[["), q + " has an answer to compare");
            assertEquals(direct, result(get(frontend, "/loki/api/v1/query_range", params)), q);
        }
        assertTrue(a.splits.get() > 0 && b.splits.get() > 0,
                "the splits went to both queriers: " + a.splits + " and " + b.splits);
    }

    @Test
    void aStreamRestrictionTravelsWithEverySplitAndEveryRelayedCall() throws Exception {
        Querier a = new Querier(), b = new Querier();
        directory.addAll(List.of(a.address, b.address));
        int frontend = frontendPort();
        String webOnly = "{\"acme\":[\"{app=\\\"web\\\"}\"]}";
        String params = form("query", METRIC) + "&" + RANGE;
        // Unrestricted first: its cached splits must not answer the restricted call, nor the other way round.
        String whole = result(get(frontend, "/loki/api/v1/query_range", params));
        String restricted = result(getRestricted(frontend, "/loki/api/v1/query_range", params, webOnly));
        assertTrue(whole.contains("\"app\":\"api\"") && whole.contains("\"app\":\"web\""), whole);
        assertTrue(restricted.contains("\"app\":\"web\"") && !restricted.contains("\"app\":\"api\""), restricted);
        assertTrue(a.splits.get() + b.splits.get() > 0, "the splits were evaluated on the queriers");
        assertEquals(whole, result(get(frontend, "/loki/api/v1/query_range", params)));
        String labels = form("start", Long.toString(T0), "end", Long.toString(T0 + HOUR));
        String values = getRestricted(frontend, "/loki/api/v1/label/app/values", labels, webOnly).body();
        assertTrue(values.contains("web") && !values.contains("api"), values);
    }

    private static HttpResponse<String> getRestricted(int port, String path, String query, String access)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + "?" + query))
                .header("X-Scope-OrgID", "acme").header("X-Sigyn-Stream-Access", access).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whatIsNotSplitIsRelayedWholeAndAnsweredAsTheQuerierAnswers() throws Exception {
        Querier a = new Querier();
        directory.add(a.address);
        int frontend = frontendPort();
        String logs = form("query", "{app=\"api\"} |= \"took=1\"", "limit", "7") + "&" + RANGE;
        assertEquals(result(get(port(a.address), "/loki/api/v1/query_range", logs)),
                result(get(frontend, "/loki/api/v1/query_range", logs)));
        assertEquals(result(post(port(a.address), "/loki/api/v1/query_range", logs)),
                result(post(frontend, "/loki/api/v1/query_range", logs)));
        String instant = form("query", METRIC, "time", Long.toString(T0 + HOUR));
        assertEquals(result(get(port(a.address), "/loki/api/v1/query", instant)),
                result(get(frontend, "/loki/api/v1/query", instant)));
        String labels = form("start", Long.toString(T0), "end", Long.toString(T0 + HOUR));
        HttpResponse<String> direct = get(port(a.address), "/loki/api/v1/label/app/values", labels);
        HttpResponse<String> relayed = get(frontend, "/loki/api/v1/label/app/values", labels);
        assertEquals(direct.body(), relayed.body());
        assertEquals(direct.headers().firstValue("content-type"), relayed.headers().firstValue("content-type"));
        // A querier's refusal comes back as it was given.
        HttpResponse<String> bad = get(frontend, "/loki/api/v1/series", form("match[]", "{"));
        assertEquals(get(port(a.address), "/loki/api/v1/series", form("match[]", "{")).body(), bad.body());
        assertEquals(400, bad.statusCode());
    }

    @Test
    void badParametersAreRefusedWithTheQuerierMessages() throws Exception {
        Querier a = new Querier();
        directory.add(a.address);
        int frontend = frontendPort();
        for (String params : List.of(form("query", "sum(rate({app=\"web\"}[5m])") + "&" + RANGE,
                form("query", METRIC, "start", "x"), form("query", METRIC, "step", "0") + "&" + RANGE)) {
            HttpResponse<String> direct = get(port(a.address), "/loki/api/v1/query_range", params);
            HttpResponse<String> fronted = get(frontend, "/loki/api/v1/query_range", params);
            assertEquals(400, direct.statusCode(), direct.body());
            assertEquals(direct.statusCode(), fronted.statusCode());
            assertEquals(direct.body(), fronted.body());
        }
    }

    @Test
    void aQuerierKilledMidQueryHasItsSplitsRetriedOnAnother() throws Exception {
        Querier dying = new Querier(), survivor = new Querier();
        directory.addAll(List.of(dying.address, survivor.address));
        int frontend = frontendPort();
        String params = form("query", METRIC) + "&" + RANGE;
        String expected = result(get(port(survivor.address), "/loki/api/v1/query_range", params));
        dying.source.hold = true;
        CompletableFuture<HttpResponse<String>> answer = HTTP.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + frontend + "/loki/api/v1/query_range?" + params))
                .header("X-Scope-OrgID", "acme").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(dying.source.reading.await(10, TimeUnit.SECONDS), "the querier got a split and reads it");
        dying.kill();
        assertEquals(expected, result(answer.get(10, TimeUnit.SECONDS)));
        // Still listed (the directory has not noticed yet), yet every query is answered by the survivor.
        int before = survivor.splits.get();
        String other = form("query", "count_over_time({app=\"web\"}[1m])") + "&" + RANGE;
        assertEquals(result(get(port(survivor.address), "/loki/api/v1/query_range", other)),
                result(get(frontend, "/loki/api/v1/query_range", other)));
        assertTrue(survivor.splits.get() >= before + 4, "all four splits were evaluated by the survivor");
        assertEquals(200, get(frontend, "/loki/api/v1/labels", "").statusCode());
    }

    @Test
    void workAQuerierAnswers503ForIsTriedOnAnotherAndItsMessageKeptWhenNoneIsLeft() throws Exception {
        Vertx vertx = Vertx.vertx();
        closing.add(() -> vertx.close().await());
        // A querier that cannot reach what it reads: 503 for everything, on both of its servers.
        HttpServer unavailable = vertx.createHttpServer()
                .requestHandler(r -> r.response().setStatusCode(503).end("ingester unavailable\n"))
                .listen(0, "127.0.0.1").await();
        String at = "127.0.0.1:" + unavailable.actualPort();
        directory.add(new QuerierAddress(at, at));
        int frontend = frontendPort();
        HttpResponse<String> alone = get(frontend, "/loki/api/v1/labels", "");
        assertEquals(503, alone.statusCode());
        assertEquals("ingester unavailable\n", alone.body());
        Querier good = new Querier();
        directory.add(good.address);
        for (int i = 0; i < 4; i++) {
            assertEquals(200, get(frontend, "/loki/api/v1/labels", "").statusCode());
            String params = form("query", "count_over_time({app=\"web\"}[" + (i + 1) + "m])") + "&" + RANGE;
            assertEquals(result(get(port(good.address), "/loki/api/v1/query_range", params)),
                    result(get(frontend, "/loki/api/v1/query_range", params)));
        }
    }

    @Test
    void aQuerierThatDiesWhileItsAnswerIsRelayedCutsTheClientsConnection() throws Exception {
        Vertx vertx = Vertx.vertx();
        closing.add(() -> vertx.close().await());
        HttpServer halfway = vertx.createHttpServer().requestHandler(r -> {
            r.response().setChunked(true).putHeader("Content-Type", "application/json; charset=UTF-8")
                    .write("{\"status\":\"success\",\"data\":[\"app\"");
            vertx.setTimer(50, id -> r.connection().close());
        }).listen(0, "127.0.0.1").await();
        String at = "127.0.0.1:" + halfway.actualPort();
        directory.add(new QuerierAddress(at, at));
        int frontend = frontendPort();
        assertThrows(IOException.class, () -> get(frontend, "/loki/api/v1/labels", ""),
                "half an answer never arrives as if it were whole");
    }

    @Test
    void withNoQuerierCallsAnswer503SayingSo() throws Exception {
        int frontend = frontendPort();
        for (String path : List.of("/loki/api/v1/query_range", "/loki/api/v1/labels")) {
            HttpResponse<String> r = get(frontend, path, form("query", METRIC) + "&" + RANGE);
            assertEquals(503, r.statusCode(), path);
            assertEquals("no querier is available to run the query; start one (-target=querier)\n", r.body());
        }
    }

    @Test
    void aQuerierAddedToTheDirectoryGetsWork() throws Exception {
        Querier a = new Querier(), b = new Querier();
        directory.add(a.address);
        int frontend = frontendPort();
        String first = form("query", METRIC) + "&" + RANGE;
        result(get(frontend, "/loki/api/v1/query_range", first));
        assertEquals(0, b.splits.get());
        directory.add(b.address);
        result(get(frontend, "/loki/api/v1/query_range", form("query", "count_over_time({app=\"web\"}[1m])") + "&" + RANGE));
        assertTrue(b.splits.get() > 0, "the new querier evaluated splits");
    }

    @Test
    void theFrontendCachesPastSplits() throws Exception {
        Querier a = new Querier();
        directory.add(a.address);
        int frontend = frontendPort();
        String params = form("query", METRIC) + "&" + RANGE;
        String first = result(get(frontend, "/loki/api/v1/query_range", params));
        int asked = a.splits.get();
        assertEquals(first, result(get(frontend, "/loki/api/v1/query_range", params)));
        assertEquals(asked, a.splits.get(), "the repeated query was answered from the frontend's cache");
    }
}
