package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user sees of the sigyn command itself: -help, -version, a port in use, the log lines of a start. */
class CommandLineProcessTest {
    private static final Pattern VERSION_LINE =
            Pattern.compile("sigyn, version (\\S+) \\(branch: (\\S+), revision: (\\S+)\\)");

    @TempDir
    Path dataDir;

    private record Run(int exit, String stdout, String stderr) {}

    private Run run(String... flags) throws Exception {
        List<String> cmd = SigynProcess.command(List.of());
        cmd.addAll(List.of(flags));
        Path out = dataDir.resolve("stdout-" + System.nanoTime());
        Path err = dataDir.resolve("stderr-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 120 s: " + cmd + "\n" + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void helpListsTheFlagsWithTheirDefaultsAndExitsZero() throws Exception {
        for (String help : List.of("-help", "--help", "-h")) {
            Run r = run("-server.http-listen-port=1", help);
            assertEquals(0, r.exit(), help + ": " + r.stderr());
            assertEquals("", r.stderr(), help);
            assertTrue(r.stdout().startsWith("Usage: sigyn [flags]\n"), r.stdout());
            for (String entry : List.of("  -config.file string\n",
                    "  -server.http-listen-port int\n    \tserver.http_listen_port (default 3100)\n",
                    "  -target string\n    \ttarget (default \"all\")\n",
                    "  -ingester.max-chunk-age duration\n    \tingester.max_chunk_age (default 2h0m0s)\n",
                    "  -validation.discover-log-levels\n    \tlimits_config.discover_log_levels (default true)\n",
                    "  -version\n")) {
                assertTrue(r.stdout().contains(entry), help + " lacks " + entry + " in:\n" + r.stdout());
            }
        }
    }

    @Test
    void versionPrintsTheVersionTheGitRevisionAndTheBuildDateAndExitsZero() throws Exception {
        Run r = run("-version");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("", r.stderr());
        Matcher m = VERSION_LINE.matcher(r.stdout().lines().findFirst().orElse(""));
        assertTrue(m.matches(), r.stdout());
        assertFalse(r.stdout().contains("${"), "unfilled build property in:\n" + r.stdout());
        String revision = git("rev-parse", "--short", "HEAD");
        if (revision != null) assertEquals(revision, m.group(3), "the revision the sources were built from");
        assertTrue(r.stdout().matches("(?s).*\n  build date: +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n.*"), r.stdout());
    }

    @Test
    void anUnknownFlagIsTheOnlyLineAndExitStatusOne() throws Exception {
        Run r = run("-server.http-listen-prot=3100");
        assertEquals(1, r.exit());
        assertEquals("sigyn: invalid configuration: unknown flag -server.http-listen-prot (did you mean "
                + "-server.http-listen-port?)\n", r.stderr());
        assertEquals("", r.stdout());
    }

    @Test
    void aPortInUseEndsInOneLineNamingTheAddressAndPortAndExitStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Run r = run("-server.http-listen-address=127.0.0.1", "-server.http-listen-port=" + port,
                    "-common.path-prefix=" + dataDir.resolve("data"));
            assertEquals(1, r.exit(), r.stderr());
            List<String> problem = r.stderr().lines().filter(l -> !l.startsWith("level=info ")).toList();
            assertEquals(List.of("sigyn: cannot listen on 127.0.0.1:" + port + ": address already in use (another "
                    + "process holds it: stop that process or choose another port with -server.http-listen-port)"),
                    problem, r.stderr());
        }
    }

    @Test
    void aStartWritesOnlyLogfmtLinesWithLowerCaseLevelsAndNoJvmWarnings() throws Exception {
        String query = "{app=\"web\"} |= \"say \\\"hi\\\"\"";
        String version;
        try (SigynProcess sigyn = SigynProcess.start(dataDir.resolve("data"), List.of(), List.of()).awaitReady()) {
            HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(sigyn.base + "/loki/api/v1/query_range?query="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8))).header("X-Scope-OrgID", "acme");
            assertEquals(200, TestServer.send(sigyn.base, get).statusCode());
            JsonNode build = new ObjectMapper().readTree(TestServer.send(sigyn.base,
                    HttpRequest.newBuilder(URI.create(sigyn.base + "/loki/api/v1/status/buildinfo"))).body());
            version = "sigyn, version " + build.get("version").asText() + " (branch: " + build.get("branch").asText()
                    + ", revision: " + build.get("revision").asText() + ")";
            assertEquals(143, sigyn.terminate(Duration.ofSeconds(60)), "stopped by SIGTERM, as an operator stops it");

            List<String> lines = sigyn.logText().lines().toList();
            assertTrue(lines.size() >= 3, sigyn.logText());
            List<Map<String, String>> events = new ArrayList<>();
            for (String line : lines) {
                Map<String, String> fields = LogfmtFields.of(line);
                assertNull(fields.get("__error__"), line);
                assertTrue(Set.of("debug", "info", "warn", "error").contains(fields.get("level")), line);
                assertTrue(fields.containsKey("msg") && fields.containsKey("ts"), line);
                events.add(fields);
            }
            assertTrue(events.stream().anyMatch(e -> query.equals(e.get("query"))),
                    "the query comes back from its log line:\n" + sigyn.logText());
        }
        assertEquals(version, run("-version").stdout().lines().findFirst().orElse(""),
                "buildinfo and -version tell the same build");
    }

    /** git's answer in this checkout, or null where git or the repository is missing (a source tarball). */
    private static String git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException noGit) {
            return null;
        }
    }
}
