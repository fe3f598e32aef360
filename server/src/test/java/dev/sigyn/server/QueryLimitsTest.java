package dev.sigyn.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One query cannot make the server build a huge string or regex program: templates that multiply the line
 * ({@code repeat}, {@code printf} widths, {@code indent}, {@code alignLeft}, nested {@code repeat}) and regexes with
 * nested counted repetition are answered 400 naming the limit, quickly, while other tenants go on as usual.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryLimitsTest {
    private static final String ATTACKER = "attacker";
    private static final String TEMPLATE_LIMIT = "exceeds the formatted line's length plus 1 MiB";
    /** The attack: a metric query (split by hour) whose label_format repeats each line 100,000 times. */
    private static final String REPEAT_ATTACK =
            "sum by (x) (count_over_time({job=\"attack\"} | label_format x=`{{ repeat 100000 __line__ }}` [1m]))";
    private static final String NESTED_REPEAT_REGEX = "((a{1000}){1000}){1000}";
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    @TempDir
    static Path dataDir;
    private TestServer server;
    private final Vertx vertx = Vertx.vertx();
    /** Six hours of lines, one a minute, ending a minute ago. */
    private long startNanos;
    private long endNanos;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(TestServer.conformanceConfig(dataDir));
        endNanos = System.currentTimeMillis() * 1_000_000L;
        startNanos = endNanos - Duration.ofHours(6).toNanos();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 360; i++) {
            if (i > 0) values.append(',');
            long ts = startNanos + Duration.ofMinutes(i).toNanos();
            values.append("[\"").append(ts).append("\",\"level=info msg=served duration=12ms path=/api/v1/")
                    .append(i).append(" aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]");
        }
        push(ATTACKER, "{\"streams\":[{\"stream\":{\"job\":\"attack\"},\"values\":[" + values + "]}]}");
        push("bystander", pushBody(0, "first"));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void theRepeatAttackIsA400NamingTheLimitWhileOtherTenantsAreServedAsUsual() throws Exception {
        long begun = System.nanoTime();
        HttpResponse<byte[]> first = queryRange(ATTACKER, REPEAT_ATTACK);
        long tookMillis = (System.nanoTime() - begun) / 1_000_000;
        assertEquals(400, first.statusCode(), () -> body(first));
        assertEquals("label_format template output exceeds the formatted line's length plus 1 MiB (in repeat)",
                body(first).strip());
        assertTrue(tookMillis < 10_000, "answered in " + tookMillis + " ms");

        // The attacker keeps sending it from two connections while another tenant pushes and queries.
        AtomicBoolean attacking = new AtomicBoolean(true);
        ExecutorService attackers = Executors.newFixedThreadPool(2);
        List<Future<Integer>> attacks = new ArrayList<>();
        try {
            for (int t = 0; t < 2; t++) {
                attacks.add(attackers.submit(() -> {
                    int answered = 0;
                    while (attacking.get()) {
                        HttpResponse<byte[]> r = queryRange(ATTACKER, REPEAT_ATTACK);
                        if (r.statusCode() != 400 || !body(r).contains(TEMPLATE_LIMIT)) {
                            throw new AssertionError(r.statusCode() + " " + body(r));
                        }
                        answered++;
                    }
                    return answered;
                }));
            }
            long worstPush = 0, worstQuery = 0;
            for (int i = 0; i < 10; i++) {
                long t0 = System.nanoTime();
                byte[] body = pushBody(i, "line " + i).getBytes(StandardCharsets.UTF_8);
                HttpResponse<byte[]> pushed = server.post("/loki/api/v1/push", "bystander", body,
                        Map.of("Content-Type", "application/json"));
                long t1 = System.nanoTime();
                assertEquals(204, pushed.statusCode(), () -> body(pushed));
                HttpResponse<byte[]> queried = server.get("/loki/api/v1/query?query="
                        + enc("count_over_time({job=\"calm\"}[1h])") + "&time=" + System.currentTimeMillis() / 1000,
                        "bystander");
                long t2 = System.nanoTime();
                assertEquals(200, queried.statusCode(), () -> body(queried));
                worstPush = Math.max(worstPush, t1 - t0);
                worstQuery = Math.max(worstQuery, t2 - t1);
                Thread.sleep(100);
            }
            assertTrue(worstPush < 1_000_000_000L, "slowest push took " + worstPush / 1_000_000 + " ms");
            assertTrue(worstQuery < 2_000_000_000L, "slowest query took " + worstQuery / 1_000_000 + " ms");
        } finally {
            attacking.set(false);
            attackers.shutdown();
        }
        for (Future<Integer> attack : attacks) assertTrue(attack.get(60, TimeUnit.SECONDS) > 0);
    }

    @Test
    void templatesThatMultiplyTheLineAreA400Quickly() throws Exception {
        List<String> queries = List.of(
                "{job=\"attack\"} | line_format `{{ printf \"%9999999d\" 1 }}`",
                "{job=\"attack\"} | line_format `{{ printf \"%-9999999s\" __line__ }}`",
                "sum(count_over_time({job=\"attack\"} | line_format `{{ indent 99999999 __line__ }}` [1m]))",
                "{job=\"attack\"} | label_format a=`{{ alignLeft 99999999 __line__ }}`",
                "{job=\"attack\"} | line_format `{{ repeat 1000 (repeat 1000 (repeat 1000 \"x\")) }}`",
                "{job=\"attack\"} | line_format `{{ nindent 99999999 __line__ }}`",
                "{job=\"attack\"} | line_format `{{ alignRight 99999999 __line__ }}`");
        for (String query : queries) {
            HttpResponse<byte[]> r = quickly(() -> queryRange(ATTACKER, query));
            assertEquals(400, r.statusCode(), () -> query + ": " + body(r));
            assertTrue(body(r).contains(TEMPLATE_LIMIT), () -> query + ": " + body(r));
        }
    }

    @Test
    void instantQueriesAndDetectedFieldsStopAtTheLimitToo() throws Exception {
        HttpResponse<byte[]> instant = quickly(() -> server.get("/loki/api/v1/query?query=" + enc(
                "count_over_time({job=\"attack\"} | line_format `{{ repeat 100000 __line__ }}` [10m])")
                + "&time=" + endNanos, ATTACKER));
        assertEquals(400, instant.statusCode(), () -> body(instant));
        assertTrue(body(instant).contains(TEMPLATE_LIMIT), () -> body(instant));

        HttpResponse<byte[]> fields = quickly(() -> server.get("/loki/api/v1/detected_fields?query="
                + enc("{job=\"attack\"} | line_format `{{ repeat 100000 __line__ }}`")
                + "&start=" + startNanos + "&end=" + endNanos, ATTACKER));
        assertEquals(400, fields.statusCode(), () -> body(fields));
        assertTrue(body(fields).contains(TEMPLATE_LIMIT), () -> body(fields));
    }

    @Test
    void regexesWithNestedCountedRepetitionAreA400Quickly() throws Exception {
        String tooLarge = "(?:" + ".".repeat(3356) + "){1000}";
        List<String> queries = List.of(
                "{job=\"attack\"} |~ \"" + NESTED_REPEAT_REGEX + "\"",
                "{job=~\"" + NESTED_REPEAT_REGEX + "\"}",
                "{job=\"attack\"} | logfmt | level=~\"" + NESTED_REPEAT_REGEX + "\"",
                "{job=\"attack\"} | regexp \"(?P<x>" + NESTED_REPEAT_REGEX + ")\"",
                "label_replace(rate({job=\"attack\"}[1m]), \"d\", \"$1\", \"job\", \"" + NESTED_REPEAT_REGEX + "\")",
                "{job=\"attack\"} !~ \"" + tooLarge + "\"");
        for (String query : queries) {
            HttpResponse<byte[]> r = quickly(() -> queryRange(ATTACKER, query));
            assertEquals(400, r.statusCode(), () -> query + ": " + body(r));
            assertTrue(body(r).contains("error parsing regexp: invalid repeat count: `{1000}`")
                    || body(r).contains("error parsing regexp: expression too large"), () -> query + ": " + body(r));
        }
    }

    @Test
    void aTailIsClosedNamingTheLimitOrRefusedBeforeTheUpgrade() throws Exception {
        String uri = "/loki/api/v1/tail?start=" + startNanos + "&query="
                + enc("{job=\"attack\"} | line_format `{{ repeat 100000 __line__ }}`");
        try (TailClient tail = TailClient.connect(vertx, server, uri, ATTACKER)) {
            TailClient.Closed closed = tail.awaitClose(Duration.ofSeconds(30));
            assertTrue(closed.reason().contains("line_format template output exceeds"), closed.reason());
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> TailClient.connect(vertx, server,
                "/loki/api/v1/tail?query=" + enc("{job=\"attack\"} |~ \"" + NESTED_REPEAT_REGEX + "\""), ATTACKER));
        assertEquals(400, assertInstanceOf(UpgradeRejectedException.class, e.getCause()).getStatus());
    }

    // ---- plumbing -----------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Call {
        HttpResponse<byte[]> call() throws Exception;
    }

    private static HttpResponse<byte[]> quickly(Call call) throws Exception {
        long begun = System.nanoTime();
        HttpResponse<byte[]> r = call.call();
        long took = System.nanoTime() - begun;
        assertTrue(took < QUICKLY.toNanos(), "answered " + r.statusCode() + " after " + took / 1_000_000 + " ms");
        return r;
    }

    private HttpResponse<byte[]> queryRange(String tenant, String query) throws Exception {
        return server.get("/loki/api/v1/query_range?query=" + enc(query) + "&start=" + startNanos + "&end=" + endNanos
                + "&step=60", tenant);
    }

    private void push(String tenant, String json) throws Exception {
        HttpResponse<byte[]> r = server.post("/loki/api/v1/push", tenant, json.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertEquals(204, r.statusCode(), () -> body(r));
    }

    private static String pushBody(long offsetNanos, String line) {
        long ts = System.currentTimeMillis() * 1_000_000L + offsetNanos;
        return "{\"streams\":[{\"stream\":{\"job\":\"calm\"},\"values\":[[\"" + ts + "\",\"" + line + "\"]]}]}";
    }

    private static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
