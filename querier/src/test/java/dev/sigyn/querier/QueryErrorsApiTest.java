package dev.sigyn.querier;

import dev.sigyn.config.LimitsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.sigyn.querier.ApiServer.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refused requests: HTTP 400 with Loki's plain-text message. */
class QueryErrorsApiTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_793_491_200L * S;
    private static final String RANGE = "/loki/api/v1/query_range";

    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        LimitsConfig limits = LimitsConfig.defaults().withMaxEntriesLimitPerQuery(5000)
                .withMaxQueryLength(Duration.ofHours(721));
        server = new ApiServer(List.of(new InMemorySource()), ApiServer.config(true, limits),
                Instant.ofEpochSecond(1_793_491_200L + 7200));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> range(String... params) throws Exception {
        return server.get("acme", RANGE, form(params));
    }

    private static void assertBadRequest(String message, HttpResponse<String> r) {
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(message + "\n", r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    }

    @Test
    void endBeforeStart() throws Exception {
        assertBadRequest("end timestamp must not be before or equal to start time",
                range("query", "{app=\"web\"}", "start", Long.toString(T0 + S), "end", Long.toString(T0)));
    }

    @Test
    void stepMustBePositiveAndNotTooSmall() throws Exception {
        String start = Long.toString(T0), end = Long.toString(T0 + 7200 * S);
        assertBadRequest("zero or negative query resolution step widths are not accepted. Try a positive integer",
                range("query", "{app=\"web\"}", "start", start, "end", end, "step", "-5"));
        assertBadRequest("exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter",
                range("query", "{app=\"web\"}", "start", start, "end", end, "step", "100ms"));
    }

    @Test
    void limitAboveMaxEntries() throws Exception {
        assertBadRequest("max entries limit per query exceeded, limit > max_entries_limit_per_query (5001 > 5000)",
                range("query", "{app=\"web\"}", "start", Long.toString(T0), "end", Long.toString(T0 + S), "limit", "5001"));
        assertEquals(200, range("query", "{app=\"web\"}", "start", Long.toString(T0), "end", Long.toString(T0 + S),
                "limit", "5000").statusCode());
    }

    @Test
    void rangeLongerThanMaxQueryLength() throws Exception {
        assertBadRequest("the query time range exceeds the limit (query length: 722h0m0s, limit: 30d1h)",
                range("query", "{app=\"web\"}", "start", Long.toString(T0 - 722 * 3600 * S), "end", Long.toString(T0),
                        "step", "3600"));
        HttpResponse<String> labels = server.get("acme", "/loki/api/v1/labels",
                form("start", Long.toString(T0 - 722 * 3600 * S), "end", Long.toString(T0)));
        assertEquals(400, labels.statusCode());
    }

    @Test
    void syntaxErrorsAreBadRequests() throws Exception {
        for (String q : List.of("{app=\"web\"", "app=\"web\"}", "{}", "{app=~\".*\"}", "")) {
            HttpResponse<String> r = range("query", q, "start", Long.toString(T0), "end", Long.toString(T0 + S));
            assertEquals(400, r.statusCode(), q + " -> " + r.body());
            assertFalse(r.body().isBlank(), "the message tells what is wrong");
        }
    }

    @Test
    void undecodableQueryStringIsABadRequest() throws Exception {
        assertEquals("HTTP/1.1 400 Bad Request", server.rawGetStatusLine("acme", "/loki/api/v1/labels?start=%zz"));
    }

    @Test
    void badParametersAreBadRequests() throws Exception {
        assertBadRequest("invalid direction 'up'", range("query", "{app=\"web\"}", "direction", "up"));
        assertBadRequest("limit must be a positive value", range("query", "{app=\"web\"}", "limit", "-1"));
        assertBadRequest("could not parse 'start' parameter: strconv.ParseInt: parsing \"soon\": invalid syntax",
                range("query", "{app=\"web\"}", "start", "soon"));
        assertBadRequest("could not parse 'since' parameter: unknown unit \".\" in duration \"1.5h\"",
                range("query", "{app=\"web\"}", "since", "1.5h"));
        assertBadRequest("strconv.ParseInt: parsing \"noon\": invalid syntax",
                server.get("acme", "/loki/api/v1/query", form("query", "{app=\"web\"}", "time", "noon")));
    }
}
