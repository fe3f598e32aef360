package dev.sigyn.querier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.logql.source.IndexStatsSource;
import dev.sigyn.logql.source.LogSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on a free port serving QueryApi over given sources, with "now" pinned; the sources that are also
 * {@link IndexStatsSource}s answer the index statistics.
 */
final class ApiServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Vertx vertx = Vertx.vertx();
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final HttpServer server;
    final QueryApi api;

    ApiServer(List<LogSource> sources, SigynConfig config, Instant now) throws Exception {
        this(sources, config, TenantLimits.fixed(config.limits()), now);
    }

    ApiServer(List<LogSource> sources, SigynConfig config, TenantLimits limits, Instant now) throws Exception {
        Router router = Router.router(vertx);
        List<IndexStatsSource> statsSources = new ArrayList<>();
        for (LogSource s : sources) if (s instanceof IndexStatsSource stats) statsSources.add(stats);
        api = new QueryApi(vertx, sources, statsSources, TenantResolver.orgIdHeader(config.authEnabled()), config,
                limits, metrics, Clock.fixed(now, ZoneOffset.UTC));
        api.mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static SigynConfig config(boolean authEnabled) {
        return SigynConfig.defaults().withAuthEnabled(authEnabled);
    }

    static SigynConfig config(boolean authEnabled, LimitsConfig limits) {
        return SigynConfig.defaults().withAuthEnabled(authEnabled).withLimits(limits);
    }

    /** A query string from name/value pairs, url-encoded. */
    static String form(String... namesAndValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!sb.isEmpty()) sb.append('&');
            sb.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    HttpResponse<String> get(String tenant, String path, String query) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path + (query.isEmpty() ? "" : "?" + query)));
        if (tenant != null) b.header("X-Scope-OrgID", tenant);
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with extra request headers (name, value, name, value, …). */
    HttpResponse<String> get(String tenant, String path, String query, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path + (query.isEmpty() ? "" : "?" + query)));
        if (tenant != null) b.header("X-Scope-OrgID", tenant);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with extra request headers that must answer 200 with JSON. */
    JsonNode getJson(String tenant, String path, String query, String... headers) throws Exception {
        HttpResponse<String> r = get(tenant, path, query, headers);
        if (r.statusCode() != 200) throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    HttpResponse<String> post(String tenant, String pathAndQuery, String formBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (tenant != null) b.header("X-Scope-OrgID", tenant);
        return HTTP.send(b.POST(HttpRequest.BodyPublishers.ofString(formBody)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status line of a GET sent byte for byte, for request targets java.net.URI refuses. */
    String rawGetStatusLine(String tenant, String target) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.actualPort())) {
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Scope-OrgID: " + tenant
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
    }

    /** GET that must answer 200 with JSON. */
    JsonNode getJson(String tenant, String path, String query) throws Exception {
        HttpResponse<String> r = get(tenant, path, query);
        if (r.statusCode() != 200) throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + pathAndQuery);
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
