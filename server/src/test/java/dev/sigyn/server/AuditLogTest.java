package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigyn.config.AuthConfig;
import dev.sigyn.config.SigynConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static dev.sigyn.server.AuthenticationTest.basic;
import static dev.sigyn.server.AuthenticationTest.grant;
import static dev.sigyn.server.AuthenticationTest.token;
import static dev.sigyn.server.AuthenticationTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log: one line per request that reads, deletes or changes anything, refusals included, with who, from
 * where, which tenant, what was asked and what came back; in a file of its own, rotated, never holding a password or
 * token.
 */
class AuditLogTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String TOKEN = "push-token-3f9a";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SigynConfig config(Path dir, AuthConfig audit) throws Exception {
        AuthConfig auth = audit.withUsers(List.of(user("grafana", grant("acme", "read")),
                        user("janitor", grant("acme", "delete"))))
                .withTokens(List.of(token("promtail", TOKEN, grant("acme", "push"))));
        return TestServer.conformanceConfig(dir.resolve("data")).withAuth(auth);
    }

    @Test
    void readsDeletesAndRefusalsAreAuditedWithoutSecrets(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.log");
        try (TestServer server = TestServer.start(config(dir, AuthConfig.defaults().withAuditLog(file.toString())))) {
            long now = System.currentTimeMillis() * 1_000_000L;
            String body = "{\"streams\":[{\"stream\":{\"app\":\"a\"},\"values\":[[\"" + now + "\",\"line\"]]}]}";
            assertEquals(204, server.post("/loki/api/v1/push", null, body.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN)).statusCode());
            String query = "/loki/api/v1/query_range?query=%7Bapp%3D%22a%22%7D&start=" + (now - 60_000_000_000L)
                    + "&end=" + (now + 1_000_000_000L) + "&limit=10";
            var read = send(server, query, basic("grafana", PASSWORD), "GET");
            assertEquals(200, read.statusCode());
            assertEquals(401, send(server, "/loki/api/v1/labels", basic("grafana", "guessed-password"), "GET")
                    .statusCode());
            assertEquals(403, send(server, query, basic("janitor", PASSWORD), "GET").statusCode());
            var delete = send(server, "/loki/api/v1/delete?query=%7Bapp%3D%22a%22%7D&start=1700000000&end=1700000100",
                    basic("janitor", PASSWORD), "POST");
            assertEquals(204, delete.statusCode(), new String(delete.body()));
            send(server, "/ready", null, "GET");

            List<String> lines = awaitLines(file, 4);
            String text = String.join("\n", lines);
            assertFalse(text.contains(PASSWORD) || text.contains("guessed-password") || text.contains(TOKEN),
                    "no secret part of a credential in the audit log:\n" + text);
            assertFalse(text.contains("Basic ") || text.contains("Bearer "), text);
            assertFalse(text.contains("endpoint=/loki/api/v1/push"), "pushes are not audited unless asked for");
            assertFalse(text.contains("endpoint=/ready"), "open paths are not audited");
            String readLine = only(lines, l -> l.contains("endpoint=/loki/api/v1/query_range") && l.contains("status=200"));
            assertTrue(readLine.contains("credential=grafana") && readLine.contains("kind=user")
                    && readLine.contains("source=127.0.0.1") && readLine.contains("tenant=acme")
                    && readLine.contains("query=\"{app=\\\"a\\\"}\"") && readLine.contains("method=GET")
                    && readLine.contains("start=") && readLine.contains("end="), readLine);
            long bytes = Long.parseLong(readLine.replaceAll(".* bytes=(\\d+).*", "$1"));
            assertEquals(read.body().length, bytes, "bytes returned: " + readLine);
            String refused = only(lines, l -> l.contains("status=401"));
            assertTrue(refused.contains("denied=bad_credentials") && refused.contains("credential=\"\""), refused);
            String forbidden = only(lines, l -> l.contains("status=403"));
            assertTrue(forbidden.contains("credential=janitor") && forbidden.contains("denied=not_granted"), forbidden);
            String deleted = only(lines, l -> l.contains("endpoint=/loki/api/v1/delete"));
            assertTrue(deleted.contains("method=POST") && deleted.contains("credential=janitor")
                    && deleted.contains("status=204"), deleted);
        }
    }

    @Test
    void jsonLinesAndPushesWhenAskedAndTheFileIsRotatedAtItsSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.json");
        AuthConfig audit = AuthConfig.defaults().withAuditLog(file.toString()).withAuditLogFormat("json")
                .withAuditPushes(true).withAuditLogMaxSize(4096).withAuditLogMaxFiles(2);
        try (TestServer server = TestServer.start(config(dir, audit))) {
            long now = System.currentTimeMillis() * 1_000_000L;
            String body = "{\"streams\":[{\"stream\":{\"app\":\"a\"},\"values\":[[\"" + now + "\",\"line\"]]}]}";
            assertEquals(204, server.post("/loki/api/v1/push", null, body.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN)).statusCode());
            List<String> first = awaitLines(file, 1);
            JsonNode push = JSON.readTree(first.getFirst());
            assertEquals("promtail", push.get("credential").asText());
            assertEquals("token", push.get("kind").asText());
            assertEquals("/loki/api/v1/push", push.get("endpoint").asText());
            assertEquals("204", push.get("status").asText());
            for (int i = 0; i < 200; i++) {
                send(server, "/loki/api/v1/labels?start=" + i, basic("grafana", PASSWORD), "GET");
            }
            Thread.sleep(500);
            try (Stream<Path> files = Files.list(dir)) {
                List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("audit.json"))
                        .sorted().toList();
                assertEquals(List.of("audit.json", "audit.json.1", "audit.json.2"), names);
            }
            for (String name : List.of("audit.json", "audit.json.1")) {
                Path p = dir.resolve(name);
                assertTrue(Files.size(p) < 4096 + 1024, name + " is bounded: " + Files.size(p));
                for (String line : Files.readAllLines(p)) JSON.readTree(line); // every line is JSON
            }
        }
    }

    private static java.net.http.HttpResponse<byte[]> send(TestServer server, String path, String authorization,
                                                           String method) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) b.header("Authorization", authorization);
        return TestServer.send(server.base, b);
    }

    /** The file's lines once it has at least {@code n} (lines are written off the request's thread). */
    private static List<String> awaitLines(Path file, int n) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> lines = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                lines = Files.readAllLines(file);
                if (lines.size() >= n) {
                    Thread.sleep(200); // lines of answers still being written
                    return Files.readAllLines(file);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("expected " + n + " audit lines in " + file + ", got " + lines);
    }

    private static String only(List<String> lines, Predicate<String> which) {
        List<String> found = lines.stream().filter(which).toList();
        assertEquals(1, found.size(), "one matching line in:\n" + String.join("\n", lines));
        return found.getFirst();
    }
}
