package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sigyn.logql.syntax.Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository's {@code grafana/} folder (datasource, dashboards, alert rule) is valid, and every query in it is
 * one Sigyn answers: LogQL queries parse and are answered 200 on the conformance dataset by a real server, and every
 * metric the operations dashboard's PromQL reads is exported on Sigyn's {@code /metrics}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaFolderTest {
    private static final Path GRAFANA = Path.of(System.getProperty("user.dir")).resolveSibling("grafana");
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Grafana's variables and the values they stand for in these tests, as Grafana would substitute them. */
    private static final Map<String, String> VARIABLES = Map.of(
            "$__auto", "1m", "$__interval", "1m", "$__rate_interval", "1m", "$__range", "2h",
            "$service", ".+", "$search", "");
    /** Metric names as PromQL reads them (Sigyn's own, and the JVM/process ones Micrometer binds). */
    private static final Pattern METRIC = Pattern.compile("\\b(?:sigyn|cache|jvm|process)_[a-z0-9_]+\\b");
    private static final String TENANT = "acme";

    @TempDir
    static Path dataDir;
    private TestServer server;
    private long t0Nanos, t1Nanos;

    /** A query found in the folder: where, which datasource type, the expression, instant or range. */
    record Query(String where, String type, String expr, boolean instant) {}

    @BeforeAll
    void startAndPush() throws Exception {
        assertTrue(Files.isDirectory(GRAFANA), GRAFANA + " is missing");
        server = TestServer.start(TestServer.conformanceConfig(dataDir));
        JsonNode dataset = Conformance.resource("dataset.json");
        ConformanceTest.push(server, withServiceNames(dataset));
        t0Nanos = dataset.get("t0_ns").asLong();
        t1Nanos = dataset.get("t1_ns").asLong();
    }

    /**
     * The dataset with the {@code service_name} label Loki 3 adds at ingest (from {@code app} here), set explicitly so
     * that the dashboards' service selectors find the data whether or not the server discovers it itself.
     */
    private static JsonNode withServiceNames(JsonNode dataset) {
        JsonNode copy = dataset.deepCopy();
        for (JsonNode streams : copy.get("tenants")) {
            for (JsonNode s : streams) {
                ObjectNode labels = (ObjectNode) s.get("stream");
                if (!labels.has("service_name")) labels.put("service_name", labels.path("app").asText("unknown_service"));
            }
        }
        return copy;
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void everyJsonAndYamlFileParses() throws IOException {
        List<Path> files = files();
        assertTrue(files.stream().anyMatch(f -> f.toString().endsWith(".json")));
        assertTrue(files.stream().anyMatch(f -> f.toString().endsWith(".yaml")));
        for (Path f : files) {
            JsonNode root = f.toString().endsWith(".json") ? Conformance.JSON.readTree(f.toFile()) : YAML.readTree(f.toFile());
            assertTrue(root != null && root.isObject(), f + " is not a JSON/YAML object");
        }
    }

    @Test
    void theProvisioningFilesHaveTheShapeGrafanaReads() throws IOException {
        JsonNode datasources = YAML.readTree(GRAFANA.resolve("provisioning/datasources/sigyn.yaml").toFile());
        assertEquals(1, datasources.get("apiVersion").asInt());
        Set<String> uids = new TreeSet<>();
        for (JsonNode ds : datasources.get("datasources")) uids.add(ds.get("uid").asText() + ":" + ds.get("type").asText());
        assertEquals(Set.of("sigyn:loki", "sigyn-metrics:prometheus"), uids);

        JsonNode providers = YAML.readTree(GRAFANA.resolve("provisioning/dashboards/sigyn.yaml").toFile());
        assertEquals("file", providers.get("providers").get(0).get("type").asText());

        JsonNode alerts = YAML.readTree(GRAFANA.resolve("provisioning/alerting/failed-logins.yaml").toFile());
        JsonNode rule = alerts.get("groups").get(0).get("rules").get(0);
        assertEquals("C", rule.get("condition").asText());
        List<String> refIds = new ArrayList<>();
        for (JsonNode d : rule.get("data")) refIds.add(d.get("refId").asText());
        assertEquals(List.of("A", "C"), refIds);
        JsonNode threshold = rule.get("data").get(1).get("model");
        assertEquals("gt", threshold.get("conditions").get(0).get("evaluator").get("type").asText());
        assertEquals(10, threshold.get("conditions").get(0).get("evaluator").get("params").get(0).asInt());

        for (String dashboard : List.of("logs-overview.json", "sigyn-operations.json")) {
            JsonNode d = Conformance.JSON.readTree(GRAFANA.resolve("dashboards").resolve(dashboard).toFile());
            assertFalse(d.get("uid").asText().isEmpty(), dashboard);
            assertTrue(d.get("panels").size() >= 5, dashboard);
        }
    }

    @Test
    void everyLogQlQueryParsesAndSigynAnswersIt() throws Exception {
        List<Query> logql = queries().stream().filter(q -> q.type().equals("loki")).toList();
        assertTrue(logql.size() >= 7, () -> "found only " + logql);
        for (Query q : logql) {
            String expr = substitute(q.expr());
            Parser.parseExpr(expr); // throws with the parser's message
            String path = q.instant()
                    ? "/loki/api/v1/query?" + form("query", expr, "time", Long.toString(t1Nanos))
                    : "/loki/api/v1/query_range?" + form("query", expr, "start", Long.toString(t0Nanos),
                    "end", Long.toString(t1Nanos), "step", "60000ms", "limit", "1000");
            HttpResponse<byte[]> r = server.get(path, TENANT);
            assertEquals(200, r.statusCode(), () -> q.where() + ": " + expr + " -> " + new String(r.body()));
            JsonNode body = Conformance.JSON.readTree(r.body());
            assertEquals("success", body.get("status").asText(), q.where());
            // The dataset has every kind of line the dashboards look at: an empty answer means a wrong label or filter.
            assertFalse(body.get("data").get("result").isEmpty(), () -> q.where() + ": no data for " + expr);
        }
    }

    @Test
    void theFailedLoginsAlertCountsTheDatasetsFailedPasswords() throws Exception {
        Query alert = queries().stream().filter(q -> q.where().contains("failed-logins")).findFirst().orElseThrow();
        // The whole dataset's sshd lines in one window: the count is the number of "Failed password" lines.
        String expr = alert.expr().replace("[3m]", "[2h]");
        HttpResponse<byte[]> r = server.get("/loki/api/v1/query?" + form("query", expr, "time",
                Long.toString(t1Nanos)), TENANT);
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        JsonNode result = Conformance.JSON.readTree(r.body()).get("data").get("result");
        assertEquals(1, result.size(), result::toString);
        assertEquals("bastion-1", result.get(0).get("metric").get("host").asText());
        assertEquals(failedPasswordLines(), result.get(0).get("value").get(1).asLong());
    }

    @Test
    void everyMetricTheOperationsDashboardReadsIsExported() throws Exception {
        // Exercise what the meters count: a flush to the store, queries over flushed data, a refused push.
        assertTrue(server.post("/flush", null, new byte[0], Map.of()).statusCode() / 100 == 2);
        assertEquals(200, server.get("/loki/api/v1/query_range?" + form("query", "{job=\"nginx\"}", "start",
                Long.toString(t0Nanos), "end", Long.toString(t1Nanos), "limit", "10"), TENANT).statusCode());
        long future = (System.currentTimeMillis() + 86_400_000L) * 1_000_000L;
        server.post("/loki/api/v1/push", TENANT, ("{\"streams\":[{\"stream\":{\"job\":\"x\"},\"values\":[[\"" + future
                + "\",\"from the future\"]]}]}").getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));

        Set<String> exported = exportedMetricNames();
        List<Query> promql = queries().stream().filter(q -> q.type().equals("prometheus")).toList();
        assertTrue(promql.size() >= 10, () -> "found only " + promql);
        for (Query q : promql) {
            Matcher m = METRIC.matcher(q.expr());
            boolean any = false;
            while (m.find()) {
                any = true;
                assertTrue(exported.contains(m.group()), q.where() + " reads " + m.group() + ", which /metrics does not export");
            }
            assertTrue(any, q.where() + " reads no Sigyn metric: " + q.expr());
        }
    }

    // ---- the folder ----

    private static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(GRAFANA)) {
            return s.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(json|ya?ml)$")).sorted().toList();
        }
    }

    /** Every query of the dashboards (targets with an {@code expr}) and of the alert rules. */
    private static List<Query> queries() throws IOException {
        List<Query> out = new ArrayList<>();
        for (Path f : files()) {
            String name = GRAFANA.relativize(f).toString();
            if (f.toString().endsWith(".json")) {
                JsonNode dashboard = Conformance.JSON.readTree(f.toFile());
                Map<String, String> variableTypes = datasourceVariables(dashboard);
                collectPanels(name, dashboard.path("panels"), variableTypes, out);
            } else {
                JsonNode root = YAML.readTree(f.toFile());
                for (JsonNode group : root.path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        for (JsonNode d : rule.path("data")) {
                            JsonNode model = d.path("model");
                            if (!model.has("expr")) continue;
                            String type = d.path("datasourceUid").asText().equals("sigyn") ? "loki" : "prometheus";
                            out.add(new Query(name + " " + rule.path("uid").asText(), type, model.get("expr").asText(),
                                    "instant".equals(model.path("queryType").asText())));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** {@code ${datasource}}-style variables of a dashboard and the datasource type each selects. */
    private static Map<String, String> datasourceVariables(JsonNode dashboard) {
        Map<String, String> types = new java.util.HashMap<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("datasource")) types.put("${" + v.get("name").asText() + "}", v.get("query").asText());
        }
        return types;
    }

    private static void collectPanels(String file, JsonNode panels, Map<String, String> variableTypes, List<Query> out) {
        for (JsonNode p : panels) {
            collectPanels(file, p.path("panels"), variableTypes, out); // rows hold panels too
            for (JsonNode t : p.path("targets")) {
                if (!t.has("expr")) continue;
                JsonNode ds = t.has("datasource") ? t.get("datasource") : p.path("datasource");
                String type = ds.path("type").asText(variableTypes.getOrDefault(ds.path("uid").asText(), ""));
                boolean instant = "instant".equals(t.path("queryType").asText()) || t.path("instant").asBoolean(false);
                out.add(new Query(file + " panel \"" + p.path("title").asText() + "\" " + t.path("refId").asText(),
                        type, t.get("expr").asText(), instant));
            }
        }
    }

    private static String substitute(String expr) {
        String out = expr;
        // Longest names first, so that $__range is not cut by a shorter variable.
        List<String> names = new ArrayList<>(VARIABLES.keySet());
        names.sort((a, b) -> b.length() - a.length());
        for (String name : names) out = out.replace(name, VARIABLES.get(name));
        assertFalse(out.contains("$"), () -> "unknown variable in " + expr);
        return out;
    }

    // ---- the server ----

    private Set<String> exportedMetricNames() throws Exception {
        HttpResponse<byte[]> r = server.get("/metrics", "ops");
        assertEquals(200, r.statusCode());
        Set<String> names = new TreeSet<>();
        for (String line : new String(r.body(), StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') end++;
            names.add(line.substring(0, end));
        }
        return names;
    }

    private static long failedPasswordLines() throws IOException {
        long n = 0;
        for (JsonNode stream : Conformance.resource("dataset.json").get("tenants").get(TENANT)) {
            if (!stream.get("stream").path("job").asText().equals("sshd")) continue;
            for (JsonNode v : stream.get("values")) if (v.get(1).asText().contains("Failed password")) n++;
        }
        return n;
    }

    private static String form(String... namesAndValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!sb.isEmpty()) sb.append('&');
            sb.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
