package dev.sigyn.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plain single binary takes rules through Loki's rules API: they are kept in its object store (so they survive a
 * restart, and are encrypted like every object when storage encryption is on).
 */
class RulesStorageTest {
    private static final String GROUP = """
            name: failed-logins
            interval: 1m
            rules:
              - alert: TooManyFailedLogins
                expr: sum by (host) (count_over_time({app="sshd"} |= "Failed password" [3m])) > 10
                for: 0s
                labels:
                  severity: page
            """;

    private static StringAnswer send(TestServer s, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.base + path)).header("X-Scope-OrgID", "acme")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/yaml");
        HttpResponse<byte[]> r = TestServer.send(s.base, b);
        return new StringAnswer(r.statusCode(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private record StringAnswer(int status, String body) {}

    @Test
    void rulesPostedToAPlainServerSurviveARestart(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(TestServer.conformanceConfig(dir))) {
            assertEquals(404, send(server, "GET", "/loki/api/v1/rules", null).status(), "no rules yet");
            StringAnswer created = send(server, "POST", "/loki/api/v1/rules/auth", GROUP);
            assertEquals(202, created.status(), created.body());
            StringAnswer bad = send(server, "POST", "/loki/api/v1/rules/auth",
                    GROUP.replace("count_over_time", "count_over_tme"));
            assertEquals(400, bad.status());
            assertTrue(bad.body().contains("failed-logins") && bad.body().contains("TooManyFailedLogins"), bad.body());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertTrue(files.anyMatch(p -> p.toString().contains("/rules/acme/")), "kept in the object store");
        }
        try (TestServer again = TestServer.start(TestServer.conformanceConfig(dir))) {
            StringAnswer group = send(again, "GET", "/loki/api/v1/rules/auth/failed-logins", null);
            assertEquals(200, group.status());
            assertTrue(group.body().contains("alert: TooManyFailedLogins") && group.body().contains("severity: page"),
                    group.body());
        }
    }
}
