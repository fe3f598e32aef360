package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.sigyn.server.CompactorTestSupport.SECOND;
import static dev.sigyn.server.CompactorTestSupport.compact;
import static dev.sigyn.server.CompactorTestSupport.enc;
import static dev.sigyn.server.CompactorTestSupport.flush;
import static dev.sigyn.server.CompactorTestSupport.instant;
import static dev.sigyn.server.CompactorTestSupport.lines;
import static dev.sigyn.server.CompactorTestSupport.linesInChunkObjects;
import static dev.sigyn.server.CompactorTestSupport.nowNanos;
import static dev.sigyn.server.CompactorTestSupport.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loki's delete requests against a real server: lines vanish from log and metric queries as soon as the request
 * is created, requests are listed and can be cancelled, and once processed the chunks no longer hold the lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeleteRequestTest {
    private static final Duration CANCEL_PERIOD = Duration.ofSeconds(10);
    private static final String CHECKOUT = "{\"app\":\"checkout\"}";
    private static final String AUTH = "{\"app\":\"auth\"}";

    @TempDir
    static Path dataDir;
    private TestServer server;
    private long t0;
    private long end;

    @BeforeAll
    void start() throws Exception {
        server = CompactorTestSupport.start(CompactorTestSupport.config(dataDir, CANCEL_PERIOD));
        t0 = nowNanos() - 600 * SECOND;
        end = nowNanos() + SECOND;
        // Half of the lines are flushed to the store, the other half stay in the ingester's memory.
        push(server, "shop", CHECKOUT, t0, "order 1 ok", t0 + SECOND, "order 2 card=4111-1111");
        push(server, "shop", AUTH, t0 + 2 * SECOND, "login card=4111-1111");
        flush(server);
        push(server, "shop", CHECKOUT, t0 + 3 * SECOND, "order 3 ok", t0 + 4 * SECOND, "order 4 card=5500-0000");
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    private HttpResponse<byte[]> send(String method, String query) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + "/loki/api/v1/delete" + query))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("X-Scope-OrgID", "shop");
        return TestServer.send(server.base, b);
    }

    private JsonNode list() throws Exception {
        HttpResponse<byte[]> r = server.get("/loki/api/v1/delete", "shop");
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return Conformance.JSON.readTree(r.body());
    }

    private List<String> checkout() throws Exception {
        return lines(server, "shop", "{app=\"checkout\"}", t0, end);
    }

    @Test
    @Order(1)
    void aDeleteRequestHidesItsLinesFromLogAndMetricQueriesAtOnce() throws Exception {
        assertEquals(4, checkout().size());
        long startSeconds = t0 / SECOND - 60;
        HttpResponse<byte[]> r = send("POST", "?query=" + enc("{app=\"checkout\"} |= \"card=\"") + "&start=" + startSeconds);
        assertEquals(204, r.statusCode(), () -> new String(r.body()));

        assertEquals(List.of("order 1 ok", "order 3 ok"), checkout());
        assertEquals(2.0, instant(server, "shop", "sum(count_over_time({app=\"checkout\"}[15m]))", end));
        assertEquals(List.of("login card=4111-1111"), lines(server, "shop", "{app=\"auth\"}", t0, end),
                "other streams keep their lines");

        JsonNode requests = list();
        assertEquals(1, requests.size());
        JsonNode req = requests.get(0);
        assertEquals("{app=\"checkout\"} |= \"card=\"", req.get("query").asText());
        assertEquals("received", req.get("status").asText());
        assertEquals(startSeconds, req.get("start_time").asLong());
        assertTrue(req.get("end_time").asDouble() >= startSeconds && req.get("created_at").isNumber());
        assertEquals(8, req.get("request_id").asText().length());
    }

    @Test
    @Order(2)
    void aRequestCanBeCancelledAndItsLinesComeBack() throws Exception {
        String start = Instant.ofEpochSecond(t0 / SECOND - 60).toString(); // RFC3339
        assertEquals(204, send("PUT", "?query=" + enc("{app=\"auth\"}") + "&start=" + enc(start)).statusCode());
        assertEquals(List.of(), lines(server, "shop", "{app=\"auth\"}", t0, end));
        String id = null;
        for (JsonNode r : list()) if (r.get("query").asText().equals("{app=\"auth\"}")) id = r.get("request_id").asText();

        assertEquals(204, send("DELETE", "?request_id=" + id).statusCode());

        assertEquals(List.of("login card=4111-1111"), lines(server, "shop", "{app=\"auth\"}", t0, end));
        assertEquals(1, list().size());
        HttpResponse<byte[]> unknown = send("DELETE", "?request_id=" + id);
        assertEquals(404, unknown.statusCode());
        assertEquals("could not find delete request with given id\n", new String(unknown.body()));
    }

    @Test
    @Order(3)
    void badRequestsAreRefusedWithLokisMessages() throws Exception {
        Map<String, String> cases = Map.of(
                "?start=1", "query not set",
                "?query=" + enc("{app=\"checkout\"}"), "start time not set",
                "?query=" + enc("{app=\"checkout\"}") + "&start=yesterday", "invalid start time: require unix seconds or RFC3339 format",
                "?query=" + enc("{app=\"checkout\"}") + "&start=1700000100&end=1700000000", "start time can't be greater than end time",
                "?query=" + enc("{app=\"checkout\"}") + "&start=1700000000&end=" + (System.currentTimeMillis() / 1000 + 3600),
                "deletes in the future are not allowed");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<byte[]> r = send("POST", c.getKey());
            assertEquals(400, r.statusCode(), c.getKey());
            assertEquals(c.getValue() + "\n", new String(r.body()), c.getKey());
        }
        HttpResponse<byte[]> unparsable = send("POST", "?query=" + enc("{app=") + "&start=1700000000");
        assertEquals(400, unparsable.statusCode());
        assertTrue(new String(unparsable.body()).startsWith("invalid query expression: parse error"), new String(unparsable.body()));
        assertEquals(1, list().size(), "refused requests are not stored");
    }

    @Test
    @Order(4)
    void onceProcessedTheChunksNoLongerHoldTheLinesAndTheRequestCannotBeCancelled() throws Exception {
        flush(server); // the lines still in memory go to the store too
        assertTrue(linesInChunkObjects(dataDir, "shop").contains("order 4 card=5500-0000"));

        JsonNode early = compact(server);
        assertEquals(0, early.get("delete_requests_processed").asInt(), "not processed within the cancel period");
        long createdAtMillis = Math.round(list().get(0).get("created_at").asDouble() * 1000);
        Thread.sleep(Math.max(0, createdAtMillis + CANCEL_PERIOD.toMillis() + 100 - System.currentTimeMillis()));
        JsonNode pass = compact(server);

        assertEquals(1, pass.get("delete_requests_processed").asInt());
        JsonNode req = list().get(0);
        assertEquals("processed", req.get("status").asText());
        List<String> stored = linesInChunkObjects(dataDir, "shop");
        assertFalse(stored.stream().anyMatch(l -> l.startsWith("order") && l.contains("card=")), stored.toString());
        assertTrue(stored.containsAll(List.of("order 1 ok", "order 3 ok", "login card=4111-1111")), stored.toString());
        assertEquals(List.of("order 1 ok", "order 3 ok"), checkout());
        assertEquals(2.0, instant(server, "shop", "sum(count_over_time({app=\"checkout\"}[15m]))", end));

        HttpResponse<byte[]> cancel = send("DELETE", "?request_id=" + req.get("request_id").asText());
        assertEquals(400, cancel.statusCode());
        assertEquals("deletion of request which is in process or already processed is not allowed\n", new String(cancel.body()));
    }

    @Test
    @Order(5)
    void requestsSurviveARestart() throws Exception {
        server.close();
        server = CompactorTestSupport.start(CompactorTestSupport.config(dataDir, CANCEL_PERIOD));
        assertEquals("processed", list().get(0).get("status").asText());
        assertEquals(List.of("order 1 ok", "order 3 ok"), checkout());
    }
}
