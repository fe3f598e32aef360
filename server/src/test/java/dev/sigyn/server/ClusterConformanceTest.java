package dev.sigyn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loki's recorded answers, asked of a microservices-mode cluster through its query-frontend: two distributors (the
 * dataset pushed through both), two ingesters sharing four partitions, two queriers, S3Proxy as the bucket. First while
 * the data is only in the ingesters' memory, then after every ingester flushed it to the bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterConformanceTest {
    @TempDir
    static Path dir;
    private TestCluster cluster;

    @BeforeAll
    void startAndPush() throws Exception {
        cluster = TestCluster.start(dir, new TestCluster.Shape(1, 4, 2, 2, 2), List.of());
        assertEquals(16_100, ConformanceTest.push(cluster.distributors(), Conformance.resource("dataset.json"), () -> {}));
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> answersFromTheIngestersMemory() throws Exception {
        return ConformanceTest.assertedCases(cluster.frontend());
    }

    @Test
    @Order(2)
    void everyIngesterFlushes() throws Exception {
        for (String ingester : List.of("ingester-1", "ingester-2")) {
            assertEquals(204, cluster.node(ingester).client().post("/flush", null, new byte[0], Map.of()).statusCode());
        }
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> answersFromTheBucketAfterAFlush() throws Exception {
        return ConformanceTest.assertedCases(cluster.frontend());
    }
}
