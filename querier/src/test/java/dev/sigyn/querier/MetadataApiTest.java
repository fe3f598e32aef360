package dev.sigyn.querier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.sigyn.querier.ApiServer.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** labels, label values and series: shapes, filters, time range, tenants, several sources. */
class MetadataApiTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_793_491_200L * S;
    private static final String START = Long.toString(T0), END = Long.toString(T0 + 3600 * S);

    private ApiServer server;
    private InMemorySource memory;
    private InMemorySource store;

    @BeforeEach
    void start() throws Exception {
        memory = new InMemorySource()
                .add("acme", Labels.of("app", "web", "env", "prod", "instance", "web-0"), T0 + S, "x")
                .add("acme", Labels.of("app", "api", "env", "staging"), T0 + S, "x")
                .add("acme", Labels.of("app", "old", "zone", "z1"), T0 - 10 * S, "before the range")
                .add("globex", Labels.of("app", "shop", "team", "t1"), T0 + S, "x");
        store = new InMemorySource()
                .add("acme", Labels.of("app", "web", "env", "prod", "instance", "web-0"), T0 + 2 * S, "x")
                .add("acme", Labels.of("app", "worker", "env", "prod", "queue", "emails"), T0 + S, "x");
        server = new ApiServer(List.of(memory, store), ApiServer.config(true), Instant.ofEpochSecond(T0 / S + 7200));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.isTextual() ? n.asText() : n.toString());
        return out;
    }

    @Test
    void labelNamesAreSortedAndUniqueAcrossSources() throws Exception {
        JsonNode body = server.getJson("acme", "/loki/api/v1/labels", form("start", START, "end", END));
        assertEquals("success", body.get("status").asText());
        assertEquals(List.of("app", "env", "instance", "queue"), texts(body.get("data")));
        assertEquals(texts(body.get("data")),
                texts(server.getJson("acme", "/loki/api/v1/label", form("start", START, "end", END)).get("data")));
    }

    @Test
    void labelNamesCanBeNarrowedBySelector() throws Exception {
        JsonNode body = server.getJson("acme", "/loki/api/v1/labels",
                form("start", START, "end", END, "query", "{env=\"staging\"}"));
        assertEquals(List.of("app", "env"), texts(body.get("data")));
    }

    @Test
    void labelValuesAreSortedAndUnique() throws Exception {
        JsonNode body = server.getJson("acme", "/loki/api/v1/label/app/values", form("start", START, "end", END));
        assertEquals(List.of("api", "web", "worker"), texts(body.get("data")));
        JsonNode prod = server.getJson("acme", "/loki/api/v1/label/app/values",
                form("start", START, "end", END, "query", "{env=\"prod\"}"));
        assertEquals(List.of("web", "worker"), texts(prod.get("data")));
    }

    @Test
    void unknownLabelHasNoDataField() throws Exception {
        HttpResponse<String> r = server.get("acme", "/loki/api/v1/label/nope/values", form("start", START, "end", END));
        assertEquals(200, r.statusCode());
        assertEquals("{\"status\":\"success\"}", r.body());
    }

    @Test
    void seriesIsTheUnionOfEveryMatch() throws Exception {
        String q = form("match[]", "{app=\"worker\"}", "match[]", "{env=\"staging\"}", "start", START, "end", END);
        JsonNode body = server.getJson("acme", "/loki/api/v1/series", q);
        assertEquals(List.of("{\"app\":\"api\",\"env\":\"staging\"}",
                "{\"app\":\"worker\",\"env\":\"prod\",\"queue\":\"emails\"}"), texts(body.get("data")));
    }

    @Test
    void seriesFromBothSourcesAppearOnce() throws Exception {
        JsonNode body = server.getJson("acme", "/loki/api/v1/series", form("match[]", "{app=\"web\"}", "start", START, "end", END));
        assertEquals(List.of("{\"app\":\"web\",\"env\":\"prod\",\"instance\":\"web-0\"}"), texts(body.get("data")));
    }

    @Test
    void seriesWithoutMatchesIsAnEmptyList() throws Exception {
        HttpResponse<String> r = server.get("acme", "/loki/api/v1/series", form("match[]", "{app=\"nope\"}", "start", START, "end", END));
        assertEquals("{\"status\":\"success\",\"data\":[]}", r.body());
    }

    @Test
    void seriesWithoutMatchSelectsEveryStreamLikeLoki() throws Exception {
        JsonNode body = server.getJson("acme", "/loki/api/v1/series", form("start", START, "end", END));
        assertEquals(3, body.get("data").size(), "web, api and worker; not the stream without data in the range");
        assertEquals(body, server.getJson("acme", "/loki/api/v1/series", form("match[]", "{ }", "start", START, "end", END)));
    }

    @Test
    void metadataHonoursTimeRangeAndTenant() throws Exception {
        JsonNode wide = server.getJson("acme", "/loki/api/v1/labels", form("start", Long.toString(T0 - 60 * S), "end", END));
        assertEquals(List.of("app", "env", "instance", "queue", "zone"), texts(wide.get("data")));
        JsonNode globex = server.getJson("globex", "/loki/api/v1/label/app/values", form("start", START, "end", END));
        assertEquals(List.of("shop"), texts(globex.get("data")));
        assertFalse(memory.tenantsAsked.isEmpty());
        assertEquals(List.of("acme", "globex"), memory.tenantsAsked.stream().distinct().toList());
    }

    @Test
    void metadataAcceptsPostForms() throws Exception {
        HttpResponse<String> r = server.post("acme", "/loki/api/v1/series",
                form("match[]", "{app=\"worker\"}", "start", START, "end", END));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, ApiServer.JSON.readTree(r.body()).get("data").size());
    }

    @Test
    void badSelectorIsABadRequest() throws Exception {
        assertEquals(400, server.get("acme", "/loki/api/v1/series", form("match[]", "{app=", "start", START, "end", END)).statusCode());
        assertEquals(400, server.get("acme", "/loki/api/v1/labels", form("query", "{app=~\".*\"}")).statusCode());
        HttpResponse<String> pipeline = server.get("acme", "/loki/api/v1/label/app/values", form("query", "{app=\"web\"} |= \"x\""));
        assertEquals(400, pipeline.statusCode());
        assertEquals("only label matchers are supported\n", pipeline.body());
        HttpResponse<String> parser = server.get("acme", "/loki/api/v1/labels", form("query", "{app=\"web\"} | json"));
        assertEquals(400, parser.statusCode());
        assertEquals("only label matchers are supported\n", parser.body());
    }
}
