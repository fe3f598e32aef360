package dev.sigyn.querier.remote;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.eval.LogQueryEvaluator;
import dev.sigyn.logql.source.IndexStatsSource;
import dev.sigyn.logql.source.LineSink;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamStats;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;
import dev.sigyn.logql.tail.LiveTails;
import dev.sigyn.logql.tail.TooManyTails;
import dev.sigyn.store.chunk.ChunkEntry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An ingester's side of the internal read path: answers queriers' questions about the data it holds in memory for
 * the write-log partitions it serves. Every call names the partitions the querier believes this ingester serves; if
 * it does not serve one of them (it was handed to another ingester, or it has not caught up yet), the call is
 * refused with 503 before anything is read, so the querier asks again elsewhere instead of getting a silently
 * incomplete answer. Answers stream as {@link Frame}s; reads run on {@code readThreads}, never on an event loop.
 */
public final class IngesterReadService {
    public static final String PREFIX = "/internal/v1/ingester/";
    static final String FRAMES_TYPE = "application/vnd.sigyn.read-frames";
    /** An answer silent this long gets a heartbeat; queriers give up on one silent for longer than their timeout. */
    static final long HEARTBEAT_MILLIS = 2_000;
    private static final int BATCH_ENTRIES = 512;
    private static final Logger log = LoggerFactory.getLogger(IngesterReadService.class);

    private final Vertx vertx;
    private final LogSource source;
    private final IndexStatsSource stats;
    private final LiveTails tails;
    private final Supplier<Set<Integer>> servedPartitions;
    private final Executor readThreads;

    /**
     * @param servedPartitions the write-log partitions this ingester owns and has caught up on, asked at each call
     * @param readThreads      where reads run (they block); a tail's subscription is made there too
     */
    public IngesterReadService(Vertx vertx, LogSource source, IndexStatsSource stats, LiveTails tails,
                               Supplier<Set<Integer>> servedPartitions, Executor readThreads) {
        this.vertx = vertx;
        this.source = source;
        this.stats = stats;
        this.tails = tails;
        this.servedPartitions = servedPartitions;
        this.readThreads = readThreads;
    }

    /** Adds the POST routes {@code scan}, {@code series}, {@code chunk_stats} and {@code tail} under {@link #PREFIX}. */
    public void mount(Router router) {
        router.post(PREFIX + "scan").handler(ctx -> answer(ctx, this::scan));
        router.post(PREFIX + "series").handler(ctx -> answer(ctx, this::series));
        router.post(PREFIX + "chunk_stats").handler(ctx -> answer(ctx, this::chunkStats));
        router.post(PREFIX + "tail").handler(this::tail);
    }

    @FunctionalInterface
    private interface Read {
        void run(ReadRequest request, QueryContext context, FrameOutput out) throws IOException;
    }

    private void answer(RoutingContext ctx, Read read) {
        Context context = vertx.getOrCreateContext();
        HttpServerResponse response = ctx.response();
        ctx.request().body().onFailure(ctx::fail).onSuccess(body -> readThreads.execute(() -> {
            ReadRequest request;
            try {
                request = ReadRequest.decode(body.getBytes());
            } catch (IOException | RuntimeException e) {
                context.runOnContext(v -> plain(response, 400, "bad read request: " + e.getMessage()));
                return;
            }
            String refusal = refusal(request);
            if (refusal != null) {
                context.runOnContext(v -> plain(response, 503, refusal));
                return;
            }
            QueryContext query = QueryContext.of(0, deadline(request));
            FrameOutput out = new FrameOutput(context, response, query.cancellation());
            long heartbeats = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> out.heartbeatIfSilent(HEARTBEAT_MILLIS));
            long timeout = request.timeoutMillis() <= 0 ? -1
                    : vertx.setTimer(request.timeoutMillis(), id -> query.cancel(new IOException("read timed out")));
            context.runOnContext(v -> {
                response.closeHandler(c -> query.cancel(new IOException("the querier went away")));
                response.exceptionHandler(query::cancel);
                response.setStatusCode(200).putHeader("Content-Type", FRAMES_TYPE);
            });
            try {
                read.run(request, query, out);
                out.finish(new Frame.Trailer(null));
            } catch (Exception e) {
                // Told in the trailer, so that the querier fails the query instead of taking a part for the whole
                // (unless the querier went away, which is why the read stopped).
                log.atDebug().setCause(e).log("read for a querier failed");
                out.finish(new Frame.Trailer(e.getMessage() != null ? e.getMessage() : e.toString()));
            } finally {
                vertx.cancelTimer(heartbeats);
                if (timeout >= 0) vertx.cancelTimer(timeout);
            }
        }));
    }

    private void scan(ReadRequest request, QueryContext context, FrameOutput out) throws IOException {
        StreamQuery query = streamQuery(request, context);
        AtomicInteger streamIds = new AtomicInteger();
        source.scan(request.tenant(), query, labels -> new StreamFrames(streamIds.incrementAndGet(), labels, out));
    }

    private void series(ReadRequest request, QueryContext context, FrameOutput out) throws IOException {
        for (Labels labels : source.series(request.tenant(), request.matchers(), request.startNanos(),
                request.endNanos())) {
            out.write(new Frame.Series(labels));
        }
    }

    private void chunkStats(ReadRequest request, QueryContext context, FrameOutput out) throws IOException {
        for (StreamStats s : stats.chunkStats(request.tenant(), request.matchers(), request.startNanos(),
                request.endNanos())) {
            out.write(new Frame.Stats(s));
        }
    }

    /**
     * The query the querier asked, its filter compiled here as the querier compiles it: from the leading line filters
     * of the selector it sent (no selector: the matchers, and no filter).
     */
    static StreamQuery streamQuery(ReadRequest request, QueryContext context) {
        if (request.selector().isEmpty()) {
            return new StreamQuery(request.matchers(), LineFilter.ALL, request.startNanos(), request.endNanos(),
                    request.direction(), request.limit(), context);
        }
        LogSelectorExpr selector = logQuery(request.selector());
        return new StreamQuery(selector.matchers(), LogQueryEvaluator.leadingFilter(selector.stages()),
                request.startNanos(), request.endNanos(), request.direction(), request.limit(), context, selector);
    }

    private static LogSelectorExpr logQuery(String text) {
        if (Parser.parseExpr(text) instanceof LogSelectorExpr selector) return selector;
        throw new ParseException("not a log query: " + text);
    }

    /** One stream of a scan as frames: its labels once it has an entry, its entries in batches, then its end. */
    private static final class StreamFrames implements LineSink {
        private final int id;
        private final Labels labels;
        private final FrameOutput out;
        private List<ChunkEntry> batch = new ArrayList<>();
        private int batchBytes;
        private boolean started;

        StreamFrames(int id, Labels labels, FrameOutput out) {
            this.id = id;
            this.labels = labels;
            this.out = out;
        }

        @Override
        public void accept(long timestampNanos, byte[] buf, int off, int len, Labels structuredMetadata) {
            byte[] line = Arrays.copyOfRange(buf, off, off + len); // the source reuses buf
            batch.add(new ChunkEntry(timestampNanos, line, structuredMetadata == null ? Labels.EMPTY : structuredMetadata));
            batchBytes += len;
            if (batch.size() >= BATCH_ENTRIES || batchBytes >= FrameOutput.PIECE_BYTES) sendBatch();
        }

        @Override
        public void end() {
            if (!batch.isEmpty()) sendBatch();
            if (started) out.write(new Frame.StreamEnd(id));
        }

        private void sendBatch() {
            if (!started) {
                out.write(new Frame.StreamStart(id, labels));
                started = true;
            }
            out.write(new Frame.Entries(id, batch));
            batch = new ArrayList<>();
            batchBytes = 0;
        }
    }

    // ---- live tail ----

    private void tail(RoutingContext ctx) {
        Context context = vertx.getOrCreateContext();
        HttpServerResponse response = ctx.response();
        ctx.request().body().onFailure(ctx::fail).onSuccess(body -> readThreads.execute(() -> {
            LiveTails.Subscription subscription;
            TailOutput out = new TailOutput(context, response);
            try {
                ReadRequest request = ReadRequest.decode(body.getBytes());
                String refusal = refusal(request);
                if (refusal != null) {
                    context.runOnContext(v -> plain(response, 503, refusal));
                    return;
                }
                subscription = tails.subscribe(request.tenant(), logQuery(request.selector()), request.maxTails(), out);
            } catch (TooManyTails e) {
                context.runOnContext(v -> plain(response, 429, e.getMessage()));
                return;
            } catch (IOException | RuntimeException e) {
                context.runOnContext(v -> plain(response, 400, "bad tail request: " + e.getMessage()));
                return;
            }
            context.runOnContext(v -> {
                long heartbeats = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> out.heartbeat());
                response.closeHandler(c -> {
                    vertx.cancelTimer(heartbeats);
                    subscription.close();
                });
                if (response.closed()) {
                    vertx.cancelTimer(heartbeats);
                    subscription.close();
                    return;
                }
                out.open();
            });
        }));
    }

    // ---- plumbing ----

    /** Why this ingester cannot answer for the partitions the querier expects it to serve, or null when it can. */
    private String refusal(ReadRequest request) {
        Set<Integer> served = servedPartitions.get();
        Set<Integer> missing = new TreeSet<>(request.expectedPartitions());
        missing.removeAll(served);
        if (missing.isEmpty()) return null;
        return "this ingester does not serve partition" + (missing.size() == 1 ? " " : "s ") + join(missing)
                + " of the write log (it serves " + (served.isEmpty() ? "none" : join(new TreeSet<>(served))) + ")";
    }

    private static String join(Set<Integer> partitions) {
        StringBuilder sb = new StringBuilder();
        for (int p : partitions) sb.append(sb.isEmpty() ? "" : ", ").append(p);
        return sb.toString();
    }

    private static Instant deadline(ReadRequest request) {
        return request.timeoutMillis() <= 0 ? Instant.MAX : Instant.now().plusMillis(request.timeoutMillis());
    }

    private static void plain(HttpServerResponse response, int status, String message) {
        if (response.closed() || response.ended()) return;
        response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
    }
}
