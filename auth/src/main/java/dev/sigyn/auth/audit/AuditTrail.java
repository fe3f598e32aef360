package dev.sigyn.auth.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigyn.auth.AuthGate;
import dev.sigyn.auth.Principal;
import dev.sigyn.format.LogfmtValues;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Writes one audit line per request that reads, deletes or changes anything, once it is answered: who (the
 * credential's name and kind, the source address), the tenant, the endpoint, the query and its time range, the
 * status, the bytes returned and how long it took; refused requests too, with the reason. Never a password, token
 * or other secret part of a credential: the {@code Authorization} header is not read here.
 */
public final class AuditTrail implements Handler<RoutingContext> {
    /** The parameters that say what was asked: the query and its time range. */
    private static final List<String> PARAMETERS = List.of("query", "match[]", "start", "end", "time", "since", "step",
            "limit", "direction");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditLog log;
    private final boolean json;
    /** Paths not audited: the open ones, and pushes unless asked for. */
    private final Predicate<String> skipped;
    private final Clock clock;

    public AuditTrail(AuditLog log, boolean json, Predicate<String> skipped, Clock clock) {
        this.log = log;
        this.json = json;
        this.skipped = skipped;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!skipped.test(ctx.normalizedPath())) {
            Instant started = clock.instant();
            ctx.addEndHandler(ar -> log.write(line(ctx, started)));
        }
        ctx.next();
    }

    private String line(RoutingContext ctx, Instant started) {
        HttpServerRequest request = ctx.request();
        Principal who = ctx.get(Principal.CONTEXT_KEY);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ts", started.toString());
        fields.put("credential", who == null ? "" : who.name());
        fields.put("kind", who == null ? "" : who.kind());
        fields.put("source", request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress());
        fields.put("method", request.method().name());
        fields.put("endpoint", ctx.normalizedPath());
        String tenant = request.getHeader(AuthGate.ORG_ID_HEADER);
        fields.put("tenant", tenant == null ? "" : tenant);
        for (String name : PARAMETERS) {
            String value = parameter(request, name);
            if (value != null) fields.put(name.equals("match[]") ? "match" : name, value);
        }
        fields.put("status", Integer.toString(ctx.response().getStatusCode()));
        fields.put("bytes", Long.toString(ctx.response().bytesWritten()));
        fields.put("duration_ms", Long.toString(Math.max(0, clock.millis() - started.toEpochMilli())));
        String denial = ctx.get(AuthGate.DENIAL_KEY);
        if (denial != null) fields.put("denied", denial);
        return json ? json(fields) : logfmt(fields);
    }

    /** A query-string parameter, or a field of a form body that has been read. */
    private static String parameter(HttpServerRequest request, String name) {
        String value = request.getParam(name);
        if (value != null) return value;
        try {
            return request.isExpectMultipart() ? request.formAttributes().get(name) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String logfmt(Map<String, String> fields) {
        StringBuilder out = new StringBuilder(256);
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (!out.isEmpty()) out.append(' ');
            out.append(f.getKey()).append('=');
            LogfmtValues.append(out, f.getValue());
        }
        return out.toString();
    }

    private static String json(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always writes", e);
        }
    }
}
