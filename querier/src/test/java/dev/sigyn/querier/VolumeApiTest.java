package dev.sigyn.querier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.sigyn.querier.ApiServer.form;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** index/volume: bytes of lines per target-label group, largest first, as a vector at the range's end. */
class VolumeApiTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_793_491_200L * S;
    private static final String START = Long.toString(T0), END = Long.toString(T0 + 3600 * S);

    private ApiServer server;
    private InMemorySource memory;

    @BeforeEach
    void start() throws Exception {
        memory = new InMemorySource()
                .add("acme", Labels.of("app", "web", "instance", "web-0"), T0 + S, "12345")
                .add("acme", Labels.of("app", "web", "instance", "web-1"), T0 + 2 * S, "1234567")
                .add("acme", Labels.of("app", "api"), T0 + S, "한국") // 6 bytes in UTF-8
                .add("acme", Labels.of("app", "api"), T0 - 10 * S, "before the range")
                .add("globex", Labels.of("app", "web"), T0 + S, "another tenant's line");
        server = new ApiServer(List.of(memory), ApiServer.config(true), Instant.ofEpochSecond(T0 / S + 7200));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void sumsLineBytesPerSelectorLabelLargestFirst() throws Exception {
        JsonNode data = server.getJson("acme", "/loki/api/v1/index/volume",
                form("query", "{app=~\".+\"}", "start", START, "end", END)).get("data");
        assertEquals("vector", data.get("resultType").asText());
        JsonNode result = data.get("result");
        assertEquals(2, result.size());
        assertEquals("web", result.get(0).get("metric").get("app").asText());
        assertEquals("12", result.get(0).get("value").get(1).asText());
        assertEquals(T0 / S + 3600, result.get(0).get("value").get(0).asLong());
        assertEquals("api", result.get(1).get("metric").get("app").asText());
        assertEquals("6", result.get(1).get("value").get(1).asText());
    }

    @Test
    void targetLabelsAndLimitChooseTheGroups() throws Exception {
        JsonNode result = server.getJson("acme", "/loki/api/v1/index/volume",
                form("query", "{app=\"web\"}", "start", START, "end", END, "targetLabels", "instance", "limit", "1"))
                .get("data").get("result");
        assertEquals(1, result.size());
        assertEquals("web-1", result.get(0).get("metric").get("instance").asText());
        assertEquals("7", result.get(0).get("value").get(1).asText());
    }

    @Test
    void moreGroupsThanVolumeMaxSeriesAreRefused() throws Exception {
        server.close();
        server = new ApiServer(List.of(memory), ApiServer.config(true, LimitsConfig.defaults().withVolumeMaxSeries(1)),
                Instant.ofEpochSecond(T0 / S + 7200));

        var refused = server.get("acme", "/loki/api/v1/index/volume", form("query", "{app=~\".+\"}", "start", START,
                "end", END));
        assertEquals(400, refused.statusCode());
        assertEquals("the query hit the max number of series limit (limit: 1 series)\n", refused.body());
        assertEquals(200, server.get("acme", "/loki/api/v1/index/volume", form("query", "{app=\"web\"}", "start",
                START, "end", END)).statusCode(), "one group is within the limit");
    }
}
