package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loki's recorded answers on the conformance dataset, asked of a real Sigyn: first while the data is only in the
 * ingester (WAL and memory), then after a restart with everything flushed to the filesystem object store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConformanceTest {
    @TempDir
    static Path dataDir;
    private TestServer server;

    @BeforeAll
    void startAndPush() throws Exception {
        server = TestServer.start(TestServer.conformanceConfig(dataDir));
        assertEquals(16_100, push(server, Conformance.resource("dataset.json")));
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    /** Pushes every tenant's streams in JSON batches of 1000 entries, as conformance.py does. */
    static int push(TestServer server, JsonNode dataset) throws Exception {
        return push(server, dataset, () -> {});
    }

    /** Something to do after each accepted batch (e.g. a flush, to spread the data over many chunks). */
    @FunctionalInterface
    interface AfterBatch {
        void run() throws Exception;
    }

    /** As {@link #push(TestServer, JsonNode)}, calling {@code afterBatch} after each accepted batch. */
    static int push(TestServer server, JsonNode dataset, AfterBatch afterBatch) throws Exception {
        return push(List.of(server), dataset, afterBatch);
    }

    /** As {@link #push(TestServer, JsonNode, AfterBatch)}, the batches sent to the servers in turn. */
    static int push(List<TestServer> servers, JsonNode dataset, AfterBatch afterBatch) throws Exception {
        int batches = 0;
        int total = 0;
        for (Map.Entry<String, JsonNode> tenant : dataset.get("tenants").properties()) {
            for (JsonNode stream : tenant.getValue()) {
                JsonNode values = stream.get("values");
                for (int i = 0; i < values.size(); i += 1000) {
                    ArrayNode batch = Conformance.JSON.createArrayNode();
                    for (int j = i; j < Math.min(values.size(), i + 1000); j++) batch.add(values.get(j));
                    ObjectNode s = Conformance.JSON.createObjectNode();
                    s.set("stream", stream.get("stream"));
                    s.set("values", batch);
                    ObjectNode body = Conformance.JSON.createObjectNode();
                    body.putArray("streams").add(s);
                    TestServer server = servers.get(batches++ % servers.size());
                    HttpResponse<byte[]> r = server.post("/loki/api/v1/push", tenant.getKey(),
                            Conformance.JSON.writeValueAsBytes(body), Map.of("Content-Type", "application/json"));
                    assertEquals(204, r.statusCode(), () -> "push failed: " + new String(r.body()));
                    total += batch.size();
                    afterBatch.run();
                }
            }
        }
        return total;
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> answersFromIngesterMemory() throws Exception {
        return assertedCases();
    }

    @Test
    @Order(2)
    void flushAndRestartOnTheSameDirectory() throws Exception {
        assertEquals(204, server.post("/flush", null, new byte[0], Map.of()).statusCode());
        server.close();
        try (Stream<Path> files = Files.walk(dataDir.resolve("chunks"))) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".idx")), "flush wrote no index file");
        }
        server = TestServer.start(TestServer.conformanceConfig(dataDir));
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> answersFromObjectStoreAfterRestart() throws Exception {
        return assertedCases();
    }

    /** The cases that must pass: every case of cases.json. */
    private Stream<DynamicTest> assertedCases() throws Exception {
        return assertedCases(server);
    }

    /** The same cases asked of any server (shared with the tests that read the dataset back from object storage). */
    static Stream<DynamicTest> assertedCases(TestServer server) throws Exception {
        List<Conformance.Case> cases = Conformance.cases(c -> true);
        assertEquals(210, cases.size(), "every case of cases.json");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.id() + " " + c.query(), () -> {
            HttpResponse<byte[]> r = server.get(c.uri(), c.tenant());
            JsonNode got = Conformance.normalise(c.path(), r.statusCode(), r.body());
            assertNull(Conformance.diff(c.expect(), got, "$"), () -> c.id() + " differs from Loki");
        }));
    }
}
