package dev.sigyn.ruler.api;

import dev.sigyn.config.RulerConfig;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.ruler.store.BucketRuleStore;
import dev.sigyn.ruler.store.LocalDirectoryRuleStore;
import dev.sigyn.ruler.store.RuleStore;
import dev.sigyn.store.FileSystemBlobStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RulesApiTest {
    /** What Grafana's ruler UI posts (it marshals its PostableRuleGroupConfig with Go's YAML). */
    private static final String GRAFANA_GROUP = """
            name: errors
            interval: 1m
            rules:
                - alert: HighErrorRate
                  expr: sum(rate({app="web"} |= "error" [5m])) > 1
                  for: 5m
                  labels:
                    severity: page
                  annotations:
                    summary: Too many errors
            """;
    private static final String ACCEPTED = "{\"status\":\"success\",\"data\":null,\"errorType\":\"\",\"error\":\"\"}";

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();
    private int port;

    private record Answer(int status, String contentType, String body) {}

    private void start(RuleStore store) throws Exception {
        start(store, RulerConfig.defaults());
    }

    private void start(RuleStore store, RulerConfig config) throws Exception {
        Router router = Router.router(vertx);
        new RulesApi(vertx, TenantResolver.orgIdHeader(true), store).mount(router, config);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0)
                .toCompletionStage().toCompletableFuture().get();
        port = server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private Answer send(String method, String path, String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-Scope-OrgID", "tenant-1")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) req.header("Content-Type", "application/yaml");
        HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private void startBucket() throws Exception {
        start(new BucketRuleStore(new FileSystemBlobStore(dir)));
    }

    @Test
    void grafanaCreatesAGroupAndReadsItBack() throws Exception {
        startBucket();

        assertEquals(new Answer(202, "application/json", ACCEPTED),
                send("POST", "/api/prom/rules/my%20folder", GRAFANA_GROUP));

        String group = """
                name: errors
                interval: 1m
                rules:
                  - alert: HighErrorRate
                    expr: "sum(rate({app=\\"web\\"} |= \\"error\\" [5m])) > 1"
                    for: 5m
                    labels:
                      severity: page
                    annotations:
                      summary: Too many errors
                """;
        assertEquals(new Answer(200, "application/yaml", group), send("GET", "/api/prom/rules/my%20folder/errors", null));
        String indented = group.indent(4).replace("    name:", "  - name:");
        assertEquals(new Answer(200, "application/yaml", "my folder:\n" + indented),
                send("GET", "/loki/api/v1/rules/my%20folder", null));
        assertEquals(new Answer(200, "application/yaml", "my folder:\n" + indented),
                send("GET", "/loki/api/v1/rules", null));
    }

    @Test
    void groupsAndNamespacesAreDeleted() throws Exception {
        startBucket();
        send("POST", "/loki/api/v1/rules/ns", GRAFANA_GROUP);
        send("POST", "/loki/api/v1/rules/ns", GRAFANA_GROUP.replace("name: errors", "name: other"));

        assertEquals(new Answer(202, "application/json", ACCEPTED), send("DELETE", "/api/prom/rules/ns/errors", null));
        assertEquals(404, send("GET", "/api/prom/rules/ns/errors", null).status());
        assertEquals(new Answer(202, "application/json", ACCEPTED), send("DELETE", "/api/prom/rules/ns", null));
        assertEquals(new Answer(404, "text/plain; charset=utf-8", "no rule groups found\n"),
                send("GET", "/api/prom/rules/ns", null));
    }

    @Test
    void missingThingsAreAnsweredWithLokisTexts() throws Exception {
        startBucket();

        assertEquals(new Answer(404, "text/plain; charset=utf-8", "no rule groups found\n"),
                send("GET", "/loki/api/v1/rules", null));
        assertEquals(new Answer(404, "text/plain; charset=utf-8", "group does not exist\n"),
                send("GET", "/loki/api/v1/rules/ns/test", null));
        assertEquals(new Answer(404, "text/plain; charset=utf-8", "group does not exist\n"),
                send("DELETE", "/loki/api/v1/rules/ns/test", null));
        assertEquals(new Answer(404, "text/plain; charset=utf-8", "group namespace does not exist\n"),
                send("DELETE", "/loki/api/v1/rules/ns", null));
    }

    @Test
    void anInvalidGroupIsRefusedNamingGroupRuleAndProblem() throws Exception {
        startBucket();

        assertEquals(new Answer(400, "text/plain; charset=utf-8", "group \"errors\", rule 1, \"HighErrorRate\":"
                        + " could not parse expression for alert 'HighErrorRate' in group 'errors':"
                        + " only sample expression supported\n"),
                send("POST", "/loki/api/v1/rules/ns", GRAFANA_GROUP.replace(
                        "sum(rate({app=\"web\"} |= \"error\" [5m])) > 1", "'{app=\"web\"}'")));
        assertEquals(new Answer(400, "text/plain; charset=utf-8",
                        "unable to decoded rule group: group \"errors\": 'interval': unknown unit \"x\" in duration \"1x\"\n"),
                send("POST", "/loki/api/v1/rules/ns", GRAFANA_GROUP.replace("interval: 1m", "interval: 1x")));
        assertEquals(404, send("GET", "/loki/api/v1/rules/ns/errors", null).status());
    }

    @Test
    void aRequestWithoutTenantIsRefused() throws Exception {
        startBucket();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/loki/api/v1/rules")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertEquals("no org id\n", r.body());
    }

    @Test
    void aLocalStoreAnswersAsLokisSoGrafanaShowsItsRulesReadOnly() throws Exception {
        Files.createDirectories(dir.resolve("tenant-1"));
        Files.writeString(dir.resolve("tenant-1").resolve("alerts.yaml"), "groups:\n" + GRAFANA_GROUP.indent(2)
                .replaceFirst("  name:", "- name:"));
        start(new LocalDirectoryRuleStore(dir));

        // Grafana's buildInfo.ts probes GET .../rules/test/test and reads this text as "ruler read-only".
        assertEquals(new Answer(400, "text/plain; charset=utf-8", "GetRuleGroup unsupported in rule local store\n"),
                send("GET", "/api/prom/rules/test/test", null));
        assertEquals(new Answer(500, "text/plain; charset=utf-8", "SetRuleGroup unsupported in rule local store\n"),
                send("POST", "/api/prom/rules/alerts.yaml", GRAFANA_GROUP));
        assertEquals(new Answer(500, "text/plain; charset=utf-8", "{\"status\":\"error\",\"data\":null,"
                        + "\"errorType\":\"server_error\",\"error\":\"DeleteRuleGroup unsupported in rule local store\"}"),
                send("DELETE", "/api/prom/rules/alerts.yaml/errors", null));
        assertEquals(new Answer(500, "text/plain; charset=utf-8", "{\"status\":\"error\",\"data\":null,"
                        + "\"errorType\":\"server_error\",\"error\":\"DeleteNamespace unsupported in rule local store\"}"),
                send("DELETE", "/api/prom/rules/alerts.yaml", null));
        Answer listed = send("GET", "/loki/api/v1/rules", null);
        assertEquals(200, listed.status());
        assertEquals("alerts.yaml:\n  - name: errors\n", listed.body().substring(0, listed.body().indexOf("    interval")));
    }

    @Test
    void aNamespaceThatClimbsOutOfItsDirectoryIsRefusedButOneWithASlashIsTaken() throws Exception {
        startBucket();
        assertEquals(new Answer(500, "text/plain; charset=utf-8", "{\"status\":\"error\",\"data\":null,"
                        + "\"errorType\":\"server_error\",\"error\":\"invalid namespace: path traversal not allowed\"}"),
                send("POST", "/loki/api/v1/rules/a%2F..%2F..%2Fb", GRAFANA_GROUP));
        assertEquals(202, send("POST", "/loki/api/v1/rules/team%2Fapp", GRAFANA_GROUP).status());
        assertEquals(200, send("GET", "/loki/api/v1/rules/team%2Fapp/errors", null).status());
    }

    @Test
    void withTheApiDisabledItsPathsAreUnknown() throws Exception {
        start(new BucketRuleStore(new FileSystemBlobStore(dir)), RulerConfig.defaults().withEnableApi(false));

        assertEquals(404, send("GET", "/loki/api/v1/rules", null).status());
        assertEquals(404, send("POST", "/api/prom/rules/ns", GRAFANA_GROUP).status());
        assertEquals(List.of(), Files.list(dir).toList());
    }
}
