package dev.sigyn.querier.frontend;

import dev.sigyn.logql.QueryContext;
import dev.sigyn.querier.Forwarder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The query frontend's calls that are not split: sent as they came (method, path and query string, form body,
 * headers) to a querier's query API, and its response streamed back as it comes, so that the answer is the querier's
 * to the byte. A querier that cannot be reached, or answers 502/503 before anything was sent back, has the call tried
 * on another one ({@link QuerierDispatch}); one that fails while its answer is being relayed has the client's
 * connection cut, so that a client never takes a part of an answer for all of it.
 */
final class QueryRelay implements Forwarder {
    /** Headers of one hop, not of the message, and those the client of the querier sets itself. */
    private static final Set<String> NOT_RELAYED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length", "accept-encoding",
            "http2-settings");

    private final Vertx vertx;
    /** HTTP/1.1 with keep-alive to the queriers' query API. */
    private final HttpClient client;
    private final QuerierDispatch dispatch;

    QueryRelay(Vertx vertx, HttpClient client, QuerierDispatch dispatch) {
        this.vertx = vertx;
        this.client = client;
        this.dispatch = dispatch;
    }

    @Override
    public Future<Void> relay(RoutingContext ctx, QueryContext context) {
        Buffer body = ctx.request().method().name().equals("GET") ? null : ctx.body().buffer();
        return dispatch.run(context, querier -> relayTo(querier, ctx, body, context));
    }

    private Future<Void> relayTo(QuerierAddress querier, RoutingContext ctx, Buffer body, QueryContext context) {
        HttpServerRequest in = ctx.request();
        HostPort at = HostPort.parse(querier.http());
        RequestOptions options = new RequestOptions().setMethod(in.method()).setHost(at.host()).setPort(at.port())
                .setURI(in.uri());
        for (Map.Entry<String, String> h : in.headers()) {
            if (!NOT_RELAYED.contains(h.getKey().toLowerCase(Locale.ROOT))) options.addHeader(h.getKey(), h.getValue());
        }
        Promise<Void> done = Promise.promise();
        client.request(options).compose(req -> {
            CancelWatch.watch(vertx, req, context, done.future());
            // Paused as its head arrives, so that nothing of a short answer is lost before it is relayed.
            return (body == null ? req.send() : req.send(body)).map(r -> {
                r.pause();
                return r;
            });
        }).onComplete(ar -> {
            if (ar.failed()) {
                done.fail(new QuerierDispatch.Unreachable(503, "querier " + querier.http() + " did not answer: "
                        + Transport.describe(ar.cause()), ar.cause()));
            } else if (Transport.retried(ar.result().statusCode())) {
                HttpClientResponse r = ar.result();
                r.body().onComplete(b -> done.fail(new QuerierDispatch.Unreachable(r.statusCode(),
                        b.succeeded() ? b.result().toString().strip() : "querier " + querier.http() + " answered HTTP "
                                + r.statusCode(), null)));
                r.resume();
            } else if (context.isCancelled() || ctx.response().closed()) {
                ar.result().request().reset();
                done.fail(new IllegalStateException("the call was cancelled"));
            } else {
                stream(ar.result(), ctx.response(), querier).onComplete(done);
            }
        });
        return done.future();
    }

    /** The querier's answer to the client: its status and headers, then its body as it comes. */
    private static Future<Void> stream(HttpClientResponse from, HttpServerResponse to, QuerierAddress querier) {
        to.setStatusCode(from.statusCode());
        if (from.statusMessage() != null) to.setStatusMessage(from.statusMessage());
        MultiMap headers = from.headers();
        for (Map.Entry<String, String> h : headers) {
            if (!NOT_RELAYED.contains(h.getKey().toLowerCase(Locale.ROOT))) to.headers().add(h.getKey(), h.getValue());
        }
        String length = headers.get("content-length");
        if (length != null) to.putHeader("content-length", length);
        else to.setChunked(true);
        return from.pipe().endOnFailure(false).to(to).recover(e -> {
            // Not an Unreachable: part of the answer may have gone out, so nothing may be tried again.
            to.reset();
            return Future.failedFuture(new IllegalStateException("querier " + querier.http()
                    + " failed while its answer was relayed: " + Transport.describe(e), e));
        });
    }
}
