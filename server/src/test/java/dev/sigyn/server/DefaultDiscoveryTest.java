package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.ServerConfig;
import dev.sigyn.config.SigynConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With no configuration, pushes from the usual clients get Loki 3's {@code service_name} label and
 * {@code detected_level} metadata, which Grafana's Logs Drilldown and the provisioned dashboard select by.
 */
class DefaultDiscoveryTest {
    @TempDir
    Path dataDir;

    @Test
    void promtailAndWinstonPushesGetAServiceNameAndADetectedLevelWithoutConfiguration() throws Exception {
        SigynConfig d = SigynConfig.defaults();
        SigynConfig config = d.withServer(new ServerConfig("127.0.0.1", 0, "warn"))
                .withCommon(new CommonConfig(dataDir.toString(), d.common().storage()));
        try (TestServer server = TestServer.start(config)) {
            long now = System.currentTimeMillis() * 1_000_000L;
            String push = "{\"streams\":["
                    + "{\"stream\":{\"job\":\"varlogs\",\"filename\":\"/var/log/syslog\"},\"values\":[[\"" + now
                    + "\",\"sshd[42]: error: maximum authentication attempts exceeded\"]]},"
                    + "{\"stream\":{\"app\":\"shop\"},\"values\":[[\"" + now
                    + "\",\"{\\\"level\\\":\\\"warn\\\",\\\"message\\\":\\\"cart slow\\\"}\"]]}]}";
            HttpResponse<byte[]> r = server.post("/loki/api/v1/push", null, push.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"));
            assertEquals(204, r.statusCode(), () -> new String(r.body()));

            assertEquals(1, count(server, "{service_name=\"varlogs\"} | detected_level=\"error\""));
            assertEquals(1, count(server, "{service_name=\"shop\"} | detected_level=\"warn\""));
        }
    }

    private static int count(TestServer server, String query) throws Exception {
        HttpResponse<byte[]> r = server.get("/loki/api/v1/query_range?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8), null);
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        JsonNode result = new ObjectMapper().readTree(r.body()).get("data").get("result");
        int lines = 0;
        for (JsonNode stream : result) lines += stream.get("values").size();
        return lines;
    }
}
