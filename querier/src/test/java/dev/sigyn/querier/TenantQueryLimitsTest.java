package dev.sigyn.querier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sigyn.config.LimitsConfig;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every query is held to the asking tenant's limits as they are when it is asked (runtime overrides). */
class TenantQueryLimitsTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_793_491_200L * S;

    private final AtomicReference<LimitsConfig> acme =
            new AtomicReference<>(LimitsConfig.defaults().withMaxEntriesLimitPerQuery(10));
    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ApiServer(List.of(new InMemorySource()), ApiServer.config(true),
                tenant -> tenant.equals("acme") ? acme.get() : LimitsConfig.defaults(),
                Instant.ofEpochSecond(1_793_491_200L + 7200));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> rangeWithLimit(String tenant, int limit) throws Exception {
        return server.get(tenant, "/loki/api/v1/query_range", ApiServer.form("query", "{app=\"web\"}",
                "start", Long.toString(T0), "end", Long.toString(T0 + S), "limit", Integer.toString(limit)));
    }

    @Test
    void aTenantsOwnLimitAppliesAndOthersKeepTheDefault() throws Exception {
        HttpResponse<String> refused = rangeWithLimit("acme", 11);
        assertEquals(400, refused.statusCode());
        assertEquals("max entries limit per query exceeded, limit > max_entries_limit_per_query (11 > 10)\n",
                refused.body());
        assertEquals(200, rangeWithLimit("other", 11).statusCode());
    }

    @Test
    void aChangedLimitAppliesToTheNextQuery() throws Exception {
        assertEquals(400, rangeWithLimit("acme", 11).statusCode());

        acme.set(LimitsConfig.defaults().withMaxEntriesLimitPerQuery(20));

        assertEquals(200, rangeWithLimit("acme", 11).statusCode());
        assertEquals(20, server.getJson("acme", "/loki/api/v1/drilldown-limits", "")
                .get("limits").get("max_entries_limit_per_query").asInt());
    }
}
