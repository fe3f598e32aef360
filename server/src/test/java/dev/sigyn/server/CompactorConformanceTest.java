package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Index compaction on the conformance dataset: flushed in many small steps, so that every tenant has many index
 * files for the day; queries give Loki's recorded answers before, during and after the compactor merges them
 * into one file per tenant and day.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompactorConformanceTest {
    @TempDir
    static Path dataDir;
    private TestServer server;
    private List<Conformance.Case> cases;

    @BeforeAll
    void startAndPushInSteps() throws Exception {
        server = CompactorTestSupport.start(CompactorTestSupport.config(dataDir, Duration.ofHours(24)));
        cases = Conformance.cases(c -> true);
        // Every batch is flushed on its own: streams end up in many chunks and index files.
        int pushed = ConformanceTest.push(server, Conformance.resource("dataset.json"),
                () -> CompactorTestSupport.flush(server));
        assertEquals(16_100, pushed);
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    /** Index files per "period/tenant". */
    private static Map<String, Integer> indexFiles() throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        for (String key : CompactorTestSupport.keys(dataDir, "index/")) {
            String[] parts = key.split("/");
            out.merge(parts[1] + "/" + parts[2], 1, Integer::sum);
        }
        return out;
    }

    private Stream<DynamicTest> asLoki() {
        assertTrue(cases.size() >= 85, "expected the foundation and metric cases in cases.json");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.id() + " " + c.query(), () -> assertAsLoki(c)));
    }

    private void assertAsLoki(Conformance.Case c) throws Exception {
        HttpResponse<byte[]> r = server.get(c.uri(), c.tenant());
        JsonNode got = Conformance.normalise(c.path(), r.statusCode(), r.body());
        assertNull(Conformance.diff(c.expect(), got, "$"), () -> c.id() + " differs from Loki");
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> answersFromManyIndexFiles() throws Exception {
        Map<String, Integer> files = indexFiles();
        assertTrue(files.size() >= 2 && files.values().stream().allMatch(n -> n > 1), "expected many files per tenant and day: " + files);
        return asLoki();
    }

    @Test
    @Order(2)
    void compactionMergesEachTenantsDayIntoOneFileWhileQueriesKeepAnswering() throws Exception {
        Map<String, Integer> before = indexFiles();
        CompletableFuture<JsonNode> pass = CompletableFuture.supplyAsync(() -> {
            try {
                return CompactorTestSupport.compact(server);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int asked = 0;
        for (int i = 0; !pass.isDone() || asked < 5; i = (i + 1) % cases.size(), asked++) assertAsLoki(cases.get(i));

        JsonNode summary = pass.get();
        Map<String, Integer> after = indexFiles();
        assertEquals(before.keySet(), after.keySet());
        assertTrue(after.values().stream().allMatch(n -> n == 1), "one file per tenant and day: " + after);
        assertEquals(before.values().stream().mapToInt(Integer::intValue).sum(), summary.get("index_files_merged").asInt());
        assertEquals(0, summary.get("chunks_expired").asInt());
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> answersFromTheCompactedIndex() {
        return asLoki();
    }
}
