package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /loki/api/v1/patterns} as Logs Drilldown calls it, on the conformance dataset pushed to a real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatternsApiTest {
    @TempDir
    static Path dataDir;
    private TestServer server;
    private JsonNode dataset;

    @BeforeAll
    void startAndPush() throws Exception {
        server = TestServer.start(TestServer.conformanceConfig(dataDir));
        dataset = Conformance.resource("dataset.json");
        ConformanceTest.push(server, dataset);
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    /** Drilldown sends RFC3339 times with milliseconds and a step such as {@code 1m}. */
    private JsonNode patterns(String selector) throws Exception {
        String start = Instant.ofEpochSecond(0, dataset.get("t0_ns").asLong()).toString();
        String end = Instant.ofEpochSecond(0, dataset.get("t1_ns").asLong()).plusMillis(1).toString();
        String query = "query=" + URLEncoder.encode(selector, StandardCharsets.UTF_8) + "&start=" + start + "&end=" + end
                + "&step=1m";
        HttpResponse<byte[]> r = server.get("/loki/api/v1/patterns?" + query, "acme");
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        JsonNode body = Conformance.JSON.readTree(r.body());
        assertEquals("success", body.get("status").asText());
        return body.get("data");
    }

    @Test
    void nginxLinesCollapseIntoAFewPatternsWithNumericCountsPerMinute() throws Exception {
        JsonNode data = patterns("{job=\"nginx\"}");
        assertTrue(data.size() >= 1 && data.size() <= 8, data::toString);
        long total = 0;
        for (JsonNode p : data) {
            assertTrue(p.get("pattern").asText().contains("HTTP/1.1"), p::toString);
            long previous = 0;
            for (JsonNode sample : p.get("samples")) {
                assertTrue(sample.get(0).isIntegralNumber() && sample.get(1).isIntegralNumber(), sample::toString);
                long ts = sample.get(0).asLong();
                assertEquals(0, ts % 60, "samples sit at the start of each minute");
                assertTrue(ts > previous, "samples are in time order");
                previous = ts;
                total += sample.get(1).asLong();
            }
        }
        assertEquals(lines("nginx"), total);
    }

    @Test
    void aPatternReturnedFindsItsLinesAsALineFilter() throws Exception {
        JsonNode top = patterns("{job=\"sshd\"}").get(0);
        long count = 0;
        for (JsonNode s : top.get("samples")) count += s.get(1).asLong();
        String query = "sum(count_over_time({job=\"sshd\"} |> \"" + top.get("pattern").asText().replace("\"", "\\\"")
                + "\" [3h]))";
        long end = dataset.get("t1_ns").asLong();
        HttpResponse<byte[]> r = server.get("/loki/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&time=" + end, "acme");
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        long matched = Conformance.JSON.readTree(r.body()).get("data").get("result").get(0).get("value").get(1).asLong();
        assertTrue(matched >= count, () -> top + " matched only " + matched);
    }

    @Test
    void aSelectorMatchingNothingHasNoPatterns() throws Exception {
        assertEquals(0, patterns("{job=\"absent\"}").size());
    }

    private long lines(String job) {
        long n = 0;
        for (JsonNode stream : dataset.get("tenants").get("acme")) {
            if (stream.get("stream").get("job").asText().equals(job)) n += stream.get("values").size();
        }
        return n;
    }
}
