package dev.sigyn.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's Sigyn processes: one per target, each on its own ports, ready before up returns. */
class SigynProcessesTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyTargetRunsAsAProcessOfItsOwnAndAKilledOneComesBackAtItsAddress(@TempDir Path dir) throws Exception {
        Options options = Options.brokersOnly(1).withDistributors(1).withIngesters(1).withQueriers(1)
                .withQueryFrontends(1).withCompactors(1).withPartitions(2).withStopWithJvm(true);
        try (LocalCluster cluster = LocalCluster.up(dir, options)) {
            assertEquals(List.of("broker-1", "distributor-1", "ingester-1", "querier-1", "query-frontend-1",
                    "compactor-1"), cluster.members().stream().map(Member::name).toList());
            for (Member m : cluster.members()) {
                if (!m.isBroker()) assertEquals(200, get(m.address() + "/ready").statusCode(), m.name());
            }
            assertTrue(get(cluster.member("ingester-1").address() + "/config").body().contains("target: ingester"));

            long before = cluster.member("ingester-1").pid();
            cluster.kill("ingester-1");
            assertFalse(cluster.isRunning("ingester-1"));
            assertThrows(Exception.class, () -> get(cluster.member("ingester-1").address() + "/ready"));
            cluster.start("ingester-1");
            assertNotEquals(before, cluster.member("ingester-1").pid());
            assertEquals(200, get(cluster.member("ingester-1").address() + "/ready").statusCode());
        }
    }

    @Test
    void aProcessThatExitsFailsUpWithItsNameAndLogAndStopsTheRest(@TempDir Path dir) {
        Options options = Options.brokersOnly(1).withDistributors(1).withExtraFlags(List.of("-no.such.flag=1"))
                .withReadyTimeout(Duration.ofSeconds(60));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalCluster.up(dir, options));
        assertTrue(e.getMessage().startsWith("distributor-1 exited with status"), e.getMessage());
        assertTrue(e.getMessage().contains("no.such.flag"), e.getMessage()); // the server's complaint, from its log
        assertFalse(LocalCluster.open(dir).isRunning("broker-1"), "up stops what it started when it fails");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
