package dev.sigyn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.ServerConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.server.SigynServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sigyn-bench} against a real server: what it pushes is stored, and both commands print their figures. */
class SigynBenchTest {
    @TempDir
    Path dataDir;

    @Test
    void pushStoresEveryGeneratedLineAndQueryReportsEveryFigure() throws Exception {
        try (SigynServer server = startServer()) {
            String base = "http://127.0.0.1:" + server.port();
            Path latencies = dataDir.resolve("latencies.txt");
            Run push = bench("push", "--url", base, "--scale", "1", "--connections", "2",
                    "--batch-bytes", "262144", "--rss-pid", Long.toString(ProcessHandle.current().pid()),
                    "--latency-file", latencies.toString());
            assertEquals(0, push.status, push.output);
            // One line per batch after the header: batch number, send time, latency.
            List<String> rows = java.nio.file.Files.readAllLines(latencies);
            assertEquals("batch sent_ms latency_ms", rows.getFirst());
            assertTrue(rows.size() > 2, rows.toString());
            for (int i = 1; i < rows.size(); i++) {
                String[] cols = rows.get(i).split(" ");
                assertEquals(Integer.toString(i - 1), cols[0]);
                assertTrue(Double.parseDouble(cols[2]) > 0, rows.get(i));
            }
            long acme = DatasetGenerator.generate(1).onlyTenant("acme").lineCount();
            assertEquals(16_100, push.figures.get("push.lines"), push.output);
            assertEquals(0, push.figures.get("push.errors"));
            for (String f : new String[]{"push.lines_per_s", "push.mb_per_s", "push.p50_ms", "push.p99_ms", "rss.mb"}) {
                assertTrue(push.figures.get(f) > 0, f + " in\n" + push.output);
            }

            String count = "sum(count_over_time({job=~\".+\"}[2h]))";
            long end = DatasetGenerator.T0_NS + DatasetGenerator.SPAN_S * 1_000_000_000L;
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/loki/api/v1/query?query="
                    + URLEncoder.encode(count, StandardCharsets.UTF_8) + "&time=" + end)).header("X-Scope-OrgID", "acme").build();
            HttpResponse<byte[]> r;
            try (HttpClient http = HttpClient.newHttpClient()) {
                r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            }
            assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
            JsonNode result = new ObjectMapper().readTree(r.body()).get("data").get("result");
            assertEquals(acme, Long.parseLong(result.get(0).get("value").get(1).asText()));

            Run query = bench("query", "--url", base, "--runs", "2");
            assertEquals(0, query.status, query.output);
            for (int q = 1; q <= 7; q++) {
                assertTrue(query.figures.containsKey("query.q" + q + ".median_s"), "q" + q + " in\n" + query.output);
                assertTrue(query.figures.containsKey("query.q" + q + ".min_s"), query.output);
            }
            assertTrue(query.figures.get("query.repeat.first_s") > 0, query.output);
            assertTrue(query.figures.containsKey("query.repeat.speedup"), query.output);
            assertEquals(0, query.figures.get("query.errors"));
        }
    }

    @Test
    void storedReportsTheSizeOfADirectory() throws Exception {
        java.nio.file.Files.write(dataDir.resolve("a"), new byte[1_500_000]);
        Run stored = bench("stored", dataDir.toString());
        assertEquals(0, stored.status, stored.output);
        assertEquals(1.5, stored.figures.get("stored.mb"));
    }

    /** Sigyn as the conformance tests run it (tenants, old timestamps accepted), ready. */
    private SigynServer startServer() throws Exception {
        SigynConfig d = SigynConfig.defaults();
        SigynServer server = SigynServer.start(d.withAuthEnabled(true)
                .withServer(new ServerConfig("127.0.0.1", 0, "warn"))
                .withCommon(new CommonConfig(dataDir.toString(), d.common().storage()))
                .withLimits(d.limits().withRejectOldSamples(false)));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!server.isReady()) {
            if (System.nanoTime() > deadline) {
                server.close();
                throw new AssertionError("the server was not ready within 30 s");
            }
            Thread.sleep(20);
        }
        return server;
    }

    private record Run(int status, String output, Map<String, Double> figures) {}

    private static Run bench(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = SigynBench.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);
        Map<String, Double> figures = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("figure ")) {
                String[] p = line.split(" ");
                figures.put(p[1], Double.parseDouble(p[2]));
            }
        }
        return new Run(status, output, figures);
    }
}
