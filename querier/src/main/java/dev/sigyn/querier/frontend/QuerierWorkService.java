package dev.sigyn.querier.frontend;

import dev.sigyn.config.TenantLimits;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.querier.QueryError;
import dev.sigyn.querier.SplitEvaluator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * A querier's side of the query frontend's splits: {@code POST /internal/v1/querier/split} (see {@link SplitProtocol})
 * evaluates one split over this querier's sources, on its query threads, for the query's deadline. A split answers
 * with the status and message the single binary would answer the whole query with when it fails, so that the
 * frontend's client sees the same; a request of a version this querier cannot read is refused with 501.
 */
public final class QuerierWorkService {
    public static final String PATH = "/internal/v1/querier/split";
    /** A request is a query of at most 64 KiB and a few numbers. */
    private static final long MAX_REQUEST_BYTES = 1 << 20;

    private final Vertx vertx;
    private final SplitEvaluator splits;
    private final TenantLimits limits;

    /**
     * @param splits the querier's own evaluation of splits ({@code QueryApi.splits()} of its query API)
     * @param limits the tenants' limits: a split is held to its tenant's {@code max_query_memory_bytes}
     */
    public QuerierWorkService(Vertx vertx, SplitEvaluator splits, TenantLimits limits) {
        this.vertx = vertx;
        this.splits = splits;
        this.limits = limits;
    }

    /** Registers the route on the router of the internal (HTTP/2 cleartext) server. */
    public void mount(Router router) {
        router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_REQUEST_BYTES)).handler(this::split);
    }

    private void split(RoutingContext ctx) {
        SplitProtocol.Request request;
        try {
            request = SplitProtocol.decodeRequest(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        } catch (IOException e) {
            answer(ctx, new SplitProtocol.Failed(501, e.getMessage()));
            return;
        }
        Instant deadline = request.deadline();
        if (deadline.equals(Instant.MAX)) {
            Duration timeout = limits.forTenant(request.tenant()).queryTimeout();
            if (!timeout.isZero() && !timeout.isNegative()) deadline = Instant.now().plus(timeout);
        }
        QueryContext context = QueryContext.of(limits.forTenant(request.tenant()).maxQueryMemoryBytes(), deadline);
        // The frontend resets the stream when its query is cancelled; the work stops at its next check.
        ctx.response().closeHandler(v -> context.cancel(new IllegalStateException("the query frontend went away")));
        long timer = deadline.equals(Instant.MAX) ? -1 : vertx.setTimer(
                Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
                id -> context.cancel(QueryError.timeout()));
        Future<SplitEvaluator.SplitAnswer> answer;
        try {
            answer = splits.evaluate(SplitEvaluator.SplitRequest.parse(request.tenant(), request.query(),
                    request.steps(), request.access()), context);
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        answer.onComplete(ar -> {
            if (timer != -1) vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                answer(ctx, new SplitProtocol.Evaluated(ar.result()));
            } else {
                context.cancel(ar.cause());
                Throwable cause = context.cancellation().cause();
                answer(ctx, new SplitProtocol.Failed(QueryError.statusOf(cause), QueryError.messageOf(cause)));
            }
        });
    }

    private static void answer(RoutingContext ctx, SplitProtocol.Answer answer) {
        if (ctx.response().closed()) return;
        int status = answer instanceof SplitProtocol.Failed f ? f.status() : 200;
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, SplitProtocol.CONTENT_TYPE)
                .end(Buffer.buffer(SplitProtocol.encode(answer)));
    }
}
