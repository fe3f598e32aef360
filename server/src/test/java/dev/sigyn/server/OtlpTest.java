package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenTelemetry logs pushed to {@code /otlp/v1/logs} (what the Collector's otlphttp exporter sends) and read back with
 * LogQL: resource attributes in Loki's default list are stream labels, everything else structured metadata.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpTest {
    private static final String TENANT = "otel";
    private static final long T = 1_790_000_000_000_000_000L; // 2026-09-21T14:13:20Z
    private static final byte[] TRACE_ID = HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c");
    private static final byte[] SPAN_ID = HexFormat.of().parseHex("eee19b7ec3c1b174");
    @TempDir
    static Path dataDir;
    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(TestServer.conformanceConfig(dataDir));
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void protobufExportIsQueryableByServiceNameAndByStructuredMetadata() throws Exception {
        HttpResponse<byte[]> r = server.post("/otlp/v1/logs", TENANT, protobufExport("checkout"),
                Map.of("Content-Type", "application/x-protobuf"));
        assertEquals(204, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));

        List<JsonNode> streams = query("{service_name=\"checkout\"}");
        assertEquals(2, streams.size(), streams::toString);
        JsonNode failed = streamWithLine(streams, "payment failed");
        assertEquals(Map.ofEntries(
                // stream labels: the default index attributes, dots made underscores
                Map.entry("service_name", "checkout"), Map.entry("service_namespace", "shop"),
                Map.entry("deployment_environment", "prod"), Map.entry("k8s_pod_name", "checkout-7d9f"),
                // structured metadata: other resource, scope and log attributes and the record's fields
                Map.entry("host_name", "node-1"), Map.entry("scope_name", "checkout-lib"),
                Map.entry("scope_version", "1.2.0"), Map.entry("lib_feature", "x"), Map.entry("user_id", "42"),
                Map.entry("http_route", "/pay"), Map.entry("severity_number", "17"),
                Map.entry("severity_text", "ERROR"), Map.entry("flags", "1"),
                Map.entry("observed_timestamp", Long.toString(T + 100)),
                Map.entry("trace_id", "5b8efff798038103d269b633813fc60c"), Map.entry("span_id", "eee19b7ec3c1b174"),
                Map.entry("detected_level", "error")), labels(failed));
        assertEquals(Long.toString(T), failed.get("values").get(0).get(0).asText());

        // A map body is JSON with sorted keys; no time_unix_nano means the observed time.
        JsonNode structured = streamWithLine(streams, "{\"amount\":12.5,\"currency\":\"EUR\"}");
        assertEquals(Long.toString(T + 5), structured.get("values").get(0).get(0).asText());
        assertEquals("info", labels(structured).get("detected_level"));

        List<JsonNode> byTrace = query("{service_name=\"checkout\"} | trace_id=\"5b8efff798038103d269b633813fc60c\"");
        assertEquals(1, byTrace.size());
        assertEquals("payment failed", byTrace.get(0).get("values").get(0).get(1).asText());
        assertEquals(1, byTrace.get(0).get("values").size());
    }

    @Test
    void jsonExportPlainAndGzippedIsAcceptedToo() throws Exception {
        for (boolean gzip : new boolean[]{false, true}) {
            String service = gzip ? "cart-gz" : "cart";
            byte[] body = jsonExport(service).getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = gzip
                    ? Map.of("Content-Type", "application/json", "Content-Encoding", "gzip")
                    : Map.of("Content-Type", "application/json");
            HttpResponse<byte[]> r = server.post("/otlp/v1/logs", TENANT, gzip ? gzip(body) : body, headers);
            assertEquals(204, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));

            List<JsonNode> streams = query("{service_name=\"" + service + "\"} | span_id=\"eee19b7ec3c1b174\"");
            assertEquals(1, streams.size(), streams::toString);
            Map<String, String> labels = labels(streams.get(0));
            assertEquals(service, labels.get("service_name"));
            assertEquals("eu-west-1", labels.get("cloud_region"));
            assertEquals("5b8efff798038103d269b633813fc60c", labels.get("trace_id"));
            assertEquals("true", labels.get("retry"));
            assertEquals("warn", labels.get("detected_level"));
            assertEquals("card declined", streams.get(0).get("values").get(0).get(1).asText());
        }
    }

    @Test
    void aResourceWithoutServiceNameGetsOneByLokisRule() throws Exception {
        String json = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"k8s.namespace.name","value":{"stringValue":"batch"}}]},
                 "scopeLogs":[{"logRecords":[{"timeUnixNano":"%d","body":{"stringValue":"nameless"}}]}]}]}
                """.formatted(T + 7);
        HttpResponse<byte[]> r = server.post("/otlp/v1/logs", TENANT, json.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertEquals(204, r.statusCode());
        List<JsonNode> streams = query("{k8s_namespace_name=\"batch\"}");
        assertEquals("unknown_service", labels(streams.get(0)).get("service_name"));
    }

    @Test
    void badExportsAreRefusedWithAClearMessage() throws Exception {
        HttpResponse<byte[]> wrongType = server.post("/otlp/v1/logs", TENANT, "hello".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "text/plain"));
        assertEquals(400, wrongType.statusCode());
        assertTrue(new String(wrongType.body(), StandardCharsets.UTF_8).contains("content type: text/plain is not supported"));

        HttpResponse<byte[]> garbage = server.post("/otlp/v1/logs", TENANT, new byte[]{0x0a, 0x7f, 0x01},
                Map.of("Content-Type", "application/x-protobuf"));
        assertEquals(400, garbage.statusCode());
        assertTrue(new String(garbage.body(), StandardCharsets.UTF_8).contains("error decoding OTLP protobuf"));

        HttpResponse<byte[]> badJson = server.post("/otlp/v1/logs", TENANT, "{\"resourceLogs\":[".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertEquals(400, badJson.statusCode());
        JsonNode status = Conformance.JSON.readTree(badJson.body());
        assertTrue(status.get("message").asText().startsWith("invalid OTLP JSON logs request"), status::toString);
    }

    // ---- payloads ----

    /** Two records of one resource and scope: an error with trace context, and one with a map body. */
    private static byte[] protobufExport(String service) throws IOException {
        byte[] resource = message(out -> {
            out.writeByteArray(1, keyValue("service.name", stringValue(service)));
            out.writeByteArray(1, keyValue("service.namespace", stringValue("shop")));
            out.writeByteArray(1, keyValue("deployment.environment", stringValue("prod")));
            out.writeByteArray(1, keyValue("k8s.pod.name", stringValue("checkout-7d9f")));
            out.writeByteArray(1, keyValue("host.name", stringValue("node-1")));
        });
        byte[] scope = message(out -> {
            out.writeString(1, "checkout-lib");
            out.writeString(2, "1.2.0");
            out.writeByteArray(3, keyValue("lib.feature", stringValue("x")));
        });
        byte[] failed = message(out -> {
            out.writeFixed64(1, T);
            out.writeFixed64(11, T + 100);
            out.writeEnum(2, 17);
            out.writeString(3, "ERROR");
            out.writeByteArray(5, stringValue("payment failed"));
            out.writeByteArray(6, keyValue("user.id", message(v -> v.writeInt64(3, 42))));
            out.writeByteArray(6, keyValue("http.route", stringValue("/pay")));
            out.writeFixed32(8, 1);
            out.writeByteArray(9, TRACE_ID);
            out.writeByteArray(10, SPAN_ID);
        });
        byte[] mapBody = message(out -> {
            out.writeFixed64(11, T + 5);
            out.writeEnum(2, 9);
            out.writeByteArray(5, message(v -> v.writeByteArray(6, message(kv -> {
                kv.writeByteArray(1, keyValue("currency", stringValue("EUR")));
                kv.writeByteArray(1, keyValue("amount", message(d -> d.writeDouble(4, 12.5))));
            }))));
        });
        byte[] scopeLogs = message(out -> {
            out.writeByteArray(1, scope);
            out.writeByteArray(2, failed);
            out.writeByteArray(2, mapBody);
        });
        byte[] resourceLogs = message(out -> {
            out.writeByteArray(1, resource);
            out.writeByteArray(2, scopeLogs);
        });
        return message(out -> out.writeByteArray(1, resourceLogs));
    }

    private static String jsonExport(String service) {
        return """
                {"resourceLogs":[{"resource":{"attributes":[
                   {"key":"service.name","value":{"stringValue":"%s"}},
                   {"key":"cloud.region","value":{"stringValue":"eu-west-1"}}]},
                 "scopeLogs":[{"scope":{"name":"cart-lib"},"logRecords":[{
                   "timeUnixNano":"%d","severityNumber":13,"severityText":"WARN",
                   "body":{"stringValue":"card declined"},
                   "attributes":[{"key":"retry","value":{"boolValue":true}}],
                   "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"eee19b7ec3c1b174"}]}]}]}
                """.formatted(service, T + 3);
    }

    @FunctionalInterface
    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        writer.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] stringValue(String s) throws IOException {
        return message(out -> out.writeString(1, s));
    }

    private static byte[] keyValue(String key, byte[] anyValue) throws IOException {
        return message(out -> {
            out.writeString(1, key);
            out.writeByteArray(2, anyValue);
        });
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(body);
        }
        return bytes.toByteArray();
    }

    // ---- queries ----

    private List<JsonNode> query(String logql) throws Exception {
        HttpResponse<byte[]> r = server.get("/loki/api/v1/query_range?direction=forward&limit=100&start=" + (T - 1)
                + "&end=" + (T + 1_000_000_000L) + "&query=" + URLEncoder.encode(logql, StandardCharsets.UTF_8), TENANT);
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        List<JsonNode> out = new ArrayList<>();
        Conformance.JSON.readTree(r.body()).get("data").get("result").forEach(out::add);
        return out;
    }

    private static JsonNode streamWithLine(List<JsonNode> streams, String line) {
        for (JsonNode s : streams) {
            for (JsonNode v : s.get("values")) if (v.get(1).asText().equals(line)) return s;
        }
        throw new AssertionError("no line " + line + " in " + streams);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(JsonNode stream) {
        return Conformance.JSON.convertValue(stream.get("stream"), Map.class);
    }
}
