package dev.sigyn.compactor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sigyn.compactor.deletion.DeleteQuery;
import dev.sigyn.compactor.deletion.DeleteRequest;
import dev.sigyn.compactor.deletion.DeleteRequests;
import dev.sigyn.config.StreamAccess;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.format.FormatException;
import dev.sigyn.format.Timestamps;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;

/**
 * The compactor's HTTP API. Loki's delete requests: {@code POST|PUT /loki/api/v1/delete} (create),
 * {@code GET /loki/api/v1/delete} (list), {@code DELETE /loki/api/v1/delete} (cancel), with Loki's parameters,
 * answers and error texts. Sigyn's own {@code POST /compactor/run} runs a compaction pass now and answers what it did.
 * Store work happens on worker threads; a compaction pass on the background threads the server gives, so that a long
 * pass holds none of the threads other requests need.
 */
public final class CompactorApi {
    private static final Logger log = LoggerFactory.getLogger(CompactorApi.class);
    private static final String DELETE_PATH = "/loki/api/v1/delete";
    private static final JsonFactory JSON = new JsonFactory();

    private final Vertx vertx;
    private final WorkerExecutor background;
    private final TenantResolver tenants;
    private final DeleteRequests requests;
    private final Compactor compactor;
    private final Clock clock;
    private final Counter received;

    /** @param background where {@code /compactor/run} runs its pass (the server's pool for background work) */
    public CompactorApi(Vertx vertx, WorkerExecutor background, TenantResolver tenants, DeleteRequests requests,
                        Compactor compactor, MeterRegistry metrics, Clock clock) {
        this.vertx = vertx;
        this.background = background;
        this.tenants = tenants;
        this.requests = requests;
        this.compactor = compactor;
        this.clock = clock;
        this.received = Counter.builder("sigyn.compactor.delete.requests.received")
                .description("Delete requests created").register(metrics);
    }

    public void mount(Router router) {
        BodyHandler form = BodyHandler.create(false).setBodyLimit(1 << 20);
        router.route(DELETE_PATH).method(HttpMethod.POST).method(HttpMethod.PUT).handler(form).handler(this::create);
        router.get(DELETE_PATH).handler(this::list);
        router.delete(DELETE_PATH).handler(form).handler(this::cancel);
        router.post("/compactor/run").handler(this::run);
    }

    // ---- handlers (event loop: parse, then hand the store work to a worker) ----

    private void create(RoutingContext ctx) {
        TenantResolver.Tenant asker = resolved(ctx);
        if (asker == null) return;
        String tenant = asker.id();
        long nowMillis = clock.millis();
        String query = param(ctx, "query");
        if (query == null || query.isEmpty()) {
            error(ctx, 400, "query not set");
            return;
        }
        DeleteQuery parsed;
        try {
            parsed = DeleteQuery.parse(query);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        String outside;
        try {
            outside = outsideAccess(asker, parsed);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        if (outside != null) {
            error(ctx, 403, outside);
            return;
        }
        String startParam = param(ctx, "start");
        if (startParam == null || startParam.isEmpty()) {
            error(ctx, 400, "start time not set");
            return;
        }
        Long start = parseTime(startParam, nowMillis);
        if (start == null) {
            error(ctx, 400, "invalid start time: require unix seconds or RFC3339 format");
            return;
        }
        Long end = parseTime(param(ctx, "end"), nowMillis);
        if (end == null) {
            error(ctx, 400, "invalid end time: require unix seconds or RFC3339 format");
            return;
        }
        if (end > nowMillis) {
            error(ctx, 400, "deletes in the future are not allowed");
            return;
        }
        if (start > end) {
            error(ctx, 400, "start time can't be greater than end time");
            return;
        }
        if (parsed.hasStages() && end - start < 1000) {
            error(ctx, 400, "difference between start time and end time must be at least one second");
            return;
        }
        answer(ctx, vertx.executeBlocking(() -> {
            DeleteRequest r = requests.create(tenant, query, start, end);
            received.increment();
            log.atInfo().addKeyValue("delete_request_id", r.requestId()).addKeyValue("tenant", tenant)
                    .addKeyValue("query", query).log("delete request for user added");
            return new Reply(204, null, null);
        }, false));
    }

    private void list(RoutingContext ctx) {
        String tenant = tenant(ctx);
        if (tenant == null) return;
        answer(ctx, vertx.executeBlocking(() -> new Reply(200, "application/json",
                Buffer.buffer(DeleteRequests.toJson(requests.list(tenant)))), false));
    }

    private void cancel(RoutingContext ctx) {
        String tenant = tenant(ctx);
        if (tenant == null) return;
        String id = param(ctx, "request_id");
        String requestId = id == null ? "" : id;
        answer(ctx, vertx.executeBlocking(() -> switch (requests.cancel(tenant, requestId)) {
            case CANCELLED -> new Reply(204, null, null);
            case NOT_FOUND -> Reply.text(404, "could not find delete request with given id");
            case ALREADY_PROCESSING -> Reply.text(400, "deletion of request which is in process or already processed is not allowed");
        }, false));
    }

    private void run(RoutingContext ctx) {
        answer(ctx, background.executeBlocking(() -> new Reply(200, "application/json",
                Buffer.buffer(json(compactor.runOnce()))), false));
    }

    // ---- plumbing ----

    private record Reply(int status, String contentType, Buffer body) {
        static Reply text(int status, String message) {
            return new Reply(status, "text/plain; charset=utf-8", Buffer.buffer(message + "\n"));
        }
    }

    private void answer(RoutingContext ctx, Future<Reply> reply) {
        reply.onComplete(ar -> {
            if (ar.failed()) {
                log.atWarn().setCause(ar.cause()).addKeyValue("path", ctx.request().path()).log("compactor request failed");
                String message = ar.cause().getMessage() != null ? ar.cause().getMessage() : ar.cause().getClass().getName();
                error(ctx, 500, message);
                return;
            }
            Reply r = ar.result();
            if (r.contentType() != null) ctx.response().putHeader("Content-Type", r.contentType());
            ctx.response().setStatusCode(r.status());
            if (r.body() == null) ctx.response().end();
            else ctx.response().end(r.body());
        });
    }

    /** The request's tenant, or null after answering the resolver's refusal (401 or 400). */
    private String tenant(RoutingContext ctx) {
        TenantResolver.Tenant t = resolved(ctx);
        return t == null ? null : t.id();
    }

    /** The request's tenant and what it may read, or null after answering the resolver's refusal (401 or 400). */
    private TenantResolver.Tenant resolved(RoutingContext ctx) {
        return switch (tenants.resolve(ctx.request()::getHeader)) {
            case TenantResolver.Tenant t -> t;
            case TenantResolver.Refused r -> {
                error(ctx, r.status(), r.message());
                yield null;
            }
        };
    }

    /**
     * Why a request restricted to some streams ({@link StreamAccess}) may not make this delete, or null when it may:
     * the delete's selector must lie within one of the tenant's grant selectors (hold each of its matchers), so that
     * it deletes nothing the request could not read.
     *
     * @throws IllegalArgumentException naming a grant selector that does not parse
     */
    private static String outsideAccess(TenantResolver.Tenant asker, DeleteQuery query) {
        List<String> grant = asker.access().of(asker.id());
        if (grant == null) return null;
        for (String selector : grant) {
            List<LabelMatcher> matchers;
            try {
                matchers = Parser.parseSelector(selector);
            } catch (ParseException | IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid " + StreamAccess.HEADER + " selector for tenant '"
                        + asker.id() + "': " + selector + ": " + e.getMessage());
            }
            if (query.within(matchers)) return null;
        }
        return "delete request outside the streams this request may access: its selector must include every matcher"
                + " of one of " + grant;
    }

    /**
     * A URL parameter, or a field of a url-encoded form body (the body handler merges them). Loki reads only the URL;
     * accepting a form too lets {@code curl --data-urlencode} work.
     */
    private static String param(RoutingContext ctx, String name) {
        return ctx.request().getParam(name);
    }

    /**
     * Loki's rule for delete request times, in milliseconds: empty means now; otherwise RFC3339, or Unix seconds
     * written with exactly 10 characters (decimals allowed). Null when neither.
     */
    static Long parseTime(String in, long nowMillis) {
        if (in == null || in.isEmpty()) return nowMillis;
        try {
            return Math.floorDiv(Timestamps.parseRfc3339(in), 1_000_000L);
        } catch (FormatException e) {
            if (in.length() != 10) return null;
            try {
                double seconds = Double.parseDouble(in);
                if (!Double.isFinite(seconds)) return null;
                long whole = (long) Math.floor(seconds);
                return whole * 1000 + Math.round((seconds - whole) * 1000);
            } catch (NumberFormatException nfe) {
                return null;
            }
        }
    }

    private static void error(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(message + "\n");
    }

    private static byte[] json(CompactionSummary s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("tenants", s.tenants());
            g.writeNumberField("index_files_merged", s.indexFilesMerged());
            g.writeNumberField("index_files_written", s.indexFilesWritten());
            g.writeNumberField("chunks_expired", s.chunksExpired());
            g.writeNumberField("chunks_deleted", s.chunksDeleted());
            g.writeNumberField("chunks_rewritten", s.chunksRewritten());
            g.writeNumberField("chunk_objects_deleted", s.chunkObjectsDeleted());
            g.writeNumberField("delete_requests_processed", s.deleteRequestsProcessed());
            g.writeNumberField("failed_tenants", s.failedTenants());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
