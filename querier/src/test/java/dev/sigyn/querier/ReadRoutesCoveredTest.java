package dev.sigyn.querier;

import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every read route the query API mounts is one the label-based access control test (server's LabelAccessTest) asks
 * with a restriction: a route added later without such a test fails here instead of reading unrestricted unseen.
 */
class ReadRoutesCoveredTest {
    /** Routes that read no stream data. */
    private static final Set<String> NO_DATA = Set.of("/loki/api/v1/format_query", "/loki/api/v1/drilldown-limits");
    private static final Path LBAC_TEST = Path.of("../server/src/test/java/dev/sigyn/server/LabelAccessTest.java");

    @Test
    void everyReadRouteIsAskedWithARestrictionByTheAccessTest() throws Exception {
        assertTrue(Files.exists(LBAC_TEST), "the access control test is missing: " + LBAC_TEST.toAbsolutePath());
        String test = Files.readString(LBAC_TEST);
        Vertx vertx = Vertx.vertx();
        try {
            SigynConfig config = SigynConfig.defaults();
            Router router = Router.router(vertx);
            new QueryApi(vertx, List.of(), List.of(), TenantResolver.orgIdHeader(true), config,
                    TenantLimits.fixed(config.limits()), new SimpleMeterRegistry()).mount(router);
            Set<String> uncovered = new TreeSet<>();
            int reads = 0;
            for (Route r : router.getRoutes()) {
                String path = r.getPath();
                if (path == null || NO_DATA.contains(path)) continue;
                reads++;
                String asked = path.replaceAll(":[a-z]+", "[a-z_]+");
                if (!java.util.regex.Pattern.compile("\"" + asked.replace(".", "\\.") + "\"").matcher(test).find()) {
                    uncovered.add(path);
                }
            }
            assertTrue(reads >= 15, "the query API's routes were found: " + reads);
            assertEquals(Set.of(), uncovered, "read routes the access control test never asks");
            assertTrue(test.contains("/loki/api/v1/tail"), "tails are covered too");
        } finally {
            vertx.close().await();
        }
    }
}
