package dev.sigyn.server;

import dev.sigyn.config.AuthConfig;
import dev.sigyn.config.SigynConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Built-in authentication on a real server: every route of the router, with every kind of credential, answers 401
 * without valid credentials, 403 without the grant it needs (role or tenant), and goes through with it. The routes
 * are read from the router itself and each must appear in this test's own table of what it needs, so that a route
 * added later fails here until someone decides who may call it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationTest {
    /** What each route needs, as a user of the API expects it (not read from the code under test). */
    static final Map<String, String> NEEDS = Map.ofEntries(
            entry("/ready", "open"), entry("/metrics", "open"),
            entry("/loki/api/v1/push", "push"), entry("/api/prom/push", "push"), entry("/otlp/v1/logs", "push"),
            entry("/loki/api/v1/query", "read"), entry("/loki/api/v1/query_range", "read"),
            entry("/loki/api/v1/labels", "read"), entry("/loki/api/v1/label", "read"),
            entry("/loki/api/v1/label/:name/values", "read"), entry("/loki/api/v1/series", "read"),
            entry("/loki/api/v1/index/stats", "read"), entry("/loki/api/v1/index/volume", "read"),
            entry("/loki/api/v1/index/volume_range", "read"), entry("/loki/api/v1/detected_fields", "read"),
            entry("/loki/api/v1/detected_field/:name/values", "read"), entry("/loki/api/v1/detected_labels", "read"),
            entry("/loki/api/v1/patterns", "read"), entry("/loki/api/v1/tail", "read"),
            entry("/loki/api/v1/format_query", "read"), entry("/loki/api/v1/drilldown-limits", "read"),
            entry("/api/prom/query", "read"), entry("/api/prom/label", "read"),
            entry("/api/prom/label/:name/values", "read"), entry("/api/prom/series", "read"),
            entry("/api/prom/tail", "read"), entry("/config/tenant/v1/limits", "read"),
            entry("/loki/api/v1/delete", "delete"),
            entry("/loki/api/v1/status/buildinfo", "any"), entry("/api/v1/status/buildinfo", "any"),
            entry("/loki/api/v1/rules", "rules"), entry("/loki/api/v1/rules/:namespace", "rules"),
            entry("/loki/api/v1/rules/:namespace/:group", "rules"), entry("/api/prom/rules", "rules"),
            entry("/api/prom/rules/:namespace", "rules"), entry("/api/prom/rules/:namespace/:group", "rules"),
            entry("/flush", "admin"), entry("/config", "admin"), entry("/compactor/run", "admin"));

    private static final String PASSWORD = "correct horse battery staple";
    private static final String PUSH_TOKEN = "promtail-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    private static final String DELETE_TOKEN = "janitor-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));

    @TempDir
    static Path dataDir;
    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(config(dataDir, 100_000));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static SigynConfig config(Path dir, int maxFailedAttempts) throws Exception {
        AuthConfig auth = AuthConfig.defaults()
                .withUsers(List.of(
                        user("ops", grant("*", "admin")),
                        user("grafana", grant("acme", "read")),
                        user("ruler", grant("acme", "rules")),
                        user("both", grant("acme", "read"), grant("beta", "read"))))
                .withTokens(List.of(
                        token("promtail", PUSH_TOKEN, grant("acme", "push")),
                        token("janitor", DELETE_TOKEN, grant("acme", "delete"))))
                .withMaxFailedAttempts(maxFailedAttempts);
        return TestServer.conformanceConfig(dir).withAuth(auth);
    }

    static AuthConfig.Grant grant(String tenant, String... roles) {
        return new AuthConfig.Grant(tenant, List.of(roles), List.of());
    }

    static AuthConfig.Credential user(String name, AuthConfig.Grant... grants) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        // Cost 4 keeps the test fast; the format is the one `htpasswd -nbB` prints.
        return new AuthConfig.Credential(name, OpenBSDBCrypt.generate("2y", PASSWORD.toCharArray(), salt, 4),
                List.of(grants));
    }

    static AuthConfig.Credential token(String name, String token, AuthConfig.Grant... grants) throws Exception {
        String hash = "sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        return new AuthConfig.Credential(name, hash, List.of(grants));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Listing rules and alerts is for readers too (Grafana's datasource); changing them needs the rules role. */
    private static String needOf(String routeNeed, HttpMethod method) {
        return routeNeed.equals("rules") && method == HttpMethod.GET ? "see-rules" : routeNeed;
    }

    /** The credential that has exactly the role a route needs (for admin, the wildcard admin). */
    private static String credentialFor(String need) {
        return switch (need) {
            case "push" -> "Bearer " + PUSH_TOKEN;
            case "rules" -> basic("ruler", PASSWORD);
            case "delete" -> "Bearer " + DELETE_TOKEN;
            case "admin" -> basic("ops", PASSWORD);
            default -> basic("grafana", PASSWORD); // read, any
        };
    }

    /** A credential lacking the role: for admin routes a tenant reader, for tenant routes one of another role. */
    private static String credentialWithout(String need) {
        return switch (need) {
            case "read", "see-rules" -> "Bearer " + PUSH_TOKEN;
            default -> basic("grafana", PASSWORD);
        };
    }

    private HttpResponse<byte[]> call(HttpMethod method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + path)).timeout(Duration.ofSeconds(60))
                .method(method.name(), method == HttpMethod.GET || method == HttpMethod.DELETE
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(""));
        headers.forEach(b::header);
        return TestServer.send(server.base, b);
    }

    private static String concrete(String routePath) {
        return routePath.replaceAll(":[a-z]+", "level");
    }

    @Test
    void everyRouteOfTheRouterIsInTheTableOfWhatItNeeds() {
        Set<String> unknown = new TreeSet<>();
        for (Route route : routes()) if (!NEEDS.containsKey(route.getPath())) unknown.add(route.getPath());
        assertEquals(Set.of(), unknown, "routes nobody decided the credentials of: add them to NEEDS");
    }

    @Test
    void everyRouteAnswers401WithoutValidCredentialsAnd403WithoutItsGrantAndOpensWithIt() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Route route : routes()) {
            String routeNeed = NEEDS.get(route.getPath());
            if (routeNeed == null) continue; // reported by the test above
            String path = concrete(route.getPath());
            for (HttpMethod method : methodsOf(route)) {
                String need = needOf(routeNeed, method);
                String at = method + " " + path + " (" + need + ")";
                Map<String, String> tenant = need.equals("admin") || need.equals("any") ? Map.of()
                        : Map.of("X-Scope-OrgID", "acme");
                if (need.equals("open")) {
                    expectNot(wrong, at + " without credentials", call(method, path, Map.of()), 401, 403);
                    continue;
                }
                expect(wrong, at + " without credentials", call(method, path, tenant), 401);
                expect(wrong, at + " with a wrong password", call(method, path,
                        with(tenant, basic("grafana", "wrong"))), 401);
                expect(wrong, at + " with an unknown user", call(method, path, with(tenant, basic("nobody", PASSWORD))),
                        401);
                expect(wrong, at + " with an unknown token", call(method, path, with(tenant, "Bearer nope")), 401);
                expectNot(wrong, at + " with its grant", call(method, path, with(tenant, credentialFor(need))), 401, 403);
                if (!need.equals("any")) {
                    expect(wrong, at + " without its role", call(method, path,
                            with(tenant, credentialWithout(need))), 403);
                }
                if (!tenant.isEmpty()) {
                    expect(wrong, at + " in a tenant not granted", call(method, path,
                            with(Map.of("X-Scope-OrgID", "globex"), credentialFor(need))), 403);
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void refusalsDoNotTellWhetherAUserOrATenantExists() throws Exception {
        var wrongPassword = call(HttpMethod.GET, "/loki/api/v1/labels",
                Map.of("Authorization", basic("grafana", "wrong")));
        var unknownUser = call(HttpMethod.GET, "/loki/api/v1/labels", Map.of("Authorization", basic("nobody", "x")));
        assertEquals(401, wrongPassword.statusCode());
        assertEquals(new String(wrongPassword.body()), new String(unknownUser.body()));
        assertEquals(wrongPassword.headers().firstValue("WWW-Authenticate"),
                unknownUser.headers().firstValue("WWW-Authenticate"));
        // "beta" has data and grants elsewhere; "zeta" exists nowhere: the same 403 for both.
        var granted = Map.of("Authorization", basic("grafana", PASSWORD));
        var otherTenant = call(HttpMethod.GET, "/loki/api/v1/labels", with(Map.of("X-Scope-OrgID", "beta"),
                basic("grafana", PASSWORD)));
        var noTenant = call(HttpMethod.GET, "/loki/api/v1/labels", with(Map.of("X-Scope-OrgID", "zeta"),
                basic("grafana", PASSWORD)));
        assertEquals(403, otherTenant.statusCode());
        assertEquals(new String(otherTenant.body()), new String(noTenant.body()));
        assertEquals(200, call(HttpMethod.GET, "/loki/api/v1/labels", granted).statusCode(),
                "the credential's only tenant is its tenant when the request names none");
    }

    @Test
    void aCredentialOfSeveralTenantsMustNameOne() throws Exception {
        var none = call(HttpMethod.GET, "/loki/api/v1/labels", Map.of("Authorization", basic("both", PASSWORD)));
        assertEquals(401, none.statusCode());
        assertEquals("no org id\n", new String(none.body()));
        assertEquals(200, call(HttpMethod.GET, "/loki/api/v1/labels",
                with(Map.of("X-Scope-OrgID", "beta"), basic("both", PASSWORD))).statusCode());
    }

    @Test
    void pushedLinesAreReadByTheGrantedReaderOnly() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        String body = "{\"streams\":[{\"stream\":{\"app\":\"auth\"},\"values\":[[\"" + now + "\",\"hello from acme\"]]}]}";
        var pushed = server.post("/loki/api/v1/push", null, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + PUSH_TOKEN));
        assertEquals(204, pushed.statusCode(), new String(pushed.body()));
        String query = "/loki/api/v1/query_range?query=%7Bapp%3D%22auth%22%7D&start=" + (now - 60_000_000_000L)
                + "&end=" + (now + 1_000_000_000L);
        var read = call(HttpMethod.GET, query, Map.of("Authorization", basic("grafana", PASSWORD)));
        assertEquals(200, read.statusCode());
        assertTrue(new String(read.body()).contains("hello from acme"), new String(read.body()));
        var otherTenant = call(HttpMethod.GET, query, with(Map.of("X-Scope-OrgID", "beta"),
                basic("both", PASSWORD)));
        assertEquals(200, otherTenant.statusCode());
        assertTrue(!new String(otherTenant.body()).contains("hello from acme"), "beta sees none of acme's lines");
        // The token pushes; it may not read what it pushed.
        assertEquals(403, call(HttpMethod.GET, query, Map.of("Authorization", "Bearer " + PUSH_TOKEN)).statusCode());
    }

    @Test
    void aTokenMayBeSentAsBasicAuthForClientsThatOnlyHaveThat() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        String body = "{\"streams\":[{\"stream\":{\"app\":\"basic\"},\"values\":[[\"" + now + "\",\"x\"]]}]}";
        assertEquals(204, server.post("/loki/api/v1/push", null, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", basic("promtail", PUSH_TOKEN)))
                .statusCode());
        assertEquals(401, server.post("/loki/api/v1/push", null, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", basic("promtail", "guess")))
                .statusCode());
    }

    @Test
    void theLiveTailWebSocketNeedsAReadGrant() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            String uri = "/loki/api/v1/tail?query=%7Bapp%3D%22auth%22%7D";
            try (TailClient tail = TailClient.connect(vertx, server, uri,
                    Map.of("Authorization", basic("grafana", PASSWORD)))) {
                assertTrue(tail.socket() != null && !tail.socket().isClosed());
            }
            Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> TailClient.connect(vertx, server, uri, Map.of("Authorization", "Bearer " + PUSH_TOKEN)));
            assertTrue(String.valueOf(refused.getMessage()).contains("403")
                    || String.valueOf(refused.getCause()).contains("403"), String.valueOf(refused));
            Exception anonymous = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> TailClient.connect(vertx, server, uri, Map.of("X-Scope-OrgID", "acme")));
            assertTrue(String.valueOf(anonymous.getMessage()).contains("401")
                    || String.valueOf(anonymous.getCause()).contains("401"), String.valueOf(anonymous));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void repeatedFailuresFromOneAddressAreRefusedForAWhileEvenWithTheRightPassword(@TempDir Path dir) throws Exception {
        try (TestServer small = TestServer.start(config(dir, 3))) {
            HttpRequest.Builder wrong = HttpRequest.newBuilder(URI.create(small.base + "/loki/api/v1/labels"))
                    .header("Authorization", basic("grafana", "wrong"));
            for (int i = 0; i < 3; i++) assertEquals(401, TestServer.send(small.base, wrong).statusCode());
            var right = TestServer.send(small.base, HttpRequest.newBuilder(URI.create(small.base + "/loki/api/v1/labels"))
                    .header("Authorization", basic("grafana", PASSWORD)));
            assertEquals(429, right.statusCode());
            assertEquals(200, TestServer.send(small.base, HttpRequest.newBuilder(URI.create(small.base + "/ready")))
                    .statusCode(), "open paths stay open");
        }
    }

    @Test
    void openPathsAreConfigurable(@TempDir Path dir) throws Exception {
        SigynConfig closed = config(dir, 100).withAuth(config(dir, 100).auth().withOpenPaths(List.of("/ready")));
        try (TestServer s = TestServer.start(closed)) {
            HttpRequest.Builder metrics = HttpRequest.newBuilder(URI.create(s.base + "/metrics"));
            assertEquals(401, TestServer.send(s.base, metrics).statusCode());
            assertEquals(200, TestServer.send(s.base, metrics.header("Authorization", basic("ops", PASSWORD)))
                    .statusCode(), "then scraping needs the admin role");
            assertEquals(200, TestServer.send(s.base, HttpRequest.newBuilder(URI.create(s.base + "/ready")))
                    .statusCode());
        }
        assertEquals(200, TestServer.send(server.base, HttpRequest.newBuilder(URI.create(server.base + "/metrics")))
                .statusCode(), "open by default");
    }

    private List<Route> routes() {
        List<Route> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Route r : server.server.router.getRoutes()) {
            if (r.getPath() == null) continue; // handlers of every request: errors, metrics, the gate itself
            out.add(r);
            seen.add(r.getPath());
        }
        return out;
    }

    private static Set<HttpMethod> methodsOf(Route route) {
        Set<HttpMethod> methods = route.methods();
        return methods == null || methods.isEmpty() ? Set.of(HttpMethod.GET, HttpMethod.POST) : methods;
    }

    private static Map<String, String> with(Map<String, String> headers, String authorization) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Authorization", authorization);
        return all;
    }

    private static void expect(List<String> wrong, String what, HttpResponse<byte[]> r, int status) {
        if (r.statusCode() != status) {
            wrong.add(what + ": expected " + status + ", got " + r.statusCode() + " " + new String(r.body()).strip());
        }
    }

    private static void expectNot(List<String> wrong, String what, HttpResponse<byte[]> r, int... statuses) {
        for (int s : statuses) {
            if (r.statusCode() == s) wrong.add(what + ": got " + s + " " + new String(r.body()).strip());
        }
    }
}
