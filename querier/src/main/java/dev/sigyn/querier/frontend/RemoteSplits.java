package dev.sigyn.querier.frontend;

import dev.sigyn.logql.QueryContext;
import dev.sigyn.querier.QueryError;
import dev.sigyn.querier.SplitEvaluator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;

/**
 * The query frontend's splits, each evaluated by a querier ({@link QuerierWorkService}) over HTTP/2 and decoded here;
 * a querier that is gone has its split evaluated by another ({@link QuerierDispatch}).
 */
final class RemoteSplits implements SplitEvaluator {
    private final Vertx vertx;
    /** HTTP/2 cleartext, prior knowledge: every split to a querier shares one connection. */
    private final HttpClient client;
    private final QuerierDispatch dispatch;

    RemoteSplits(Vertx vertx, HttpClient client, QuerierDispatch dispatch) {
        this.vertx = vertx;
        this.client = client;
        this.dispatch = dispatch;
    }

    @Override
    public Future<SplitAnswer> evaluate(SplitRequest request, QueryContext context) {
        Buffer body = Buffer.buffer(SplitProtocol.encode(new SplitProtocol.Request(request.tenant(), request.query(),
                request.steps(), context.deadline(), request.access())));
        return dispatch.run(context, querier -> ask(querier, body, context));
    }

    private record Reply(int status, Buffer body) {}

    private Future<SplitAnswer> ask(QuerierAddress querier, Buffer body, QueryContext context) {
        HostPort at = HostPort.parse(querier.internal());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(at.host()).setPort(at.port())
                .setURI(QuerierWorkService.PATH).putHeader(HttpHeaders.CONTENT_TYPE, SplitProtocol.CONTENT_TYPE);
        Promise<Reply> reply = Promise.promise();
        client.request(options).compose(req -> {
            CancelWatch.watch(vertx, req, context, reply.future());
            // The body is asked for right as the answer's head arrives (on the event loop), never later, when a
            // short answer could have ended already.
            return req.send(body).compose((HttpClientResponse r) -> r.body().map(b -> new Reply(r.statusCode(), b)));
        }).onComplete(reply);
        return reply.future().recover(e -> Future.failedFuture(new QuerierDispatch.Unreachable(503,
                "querier " + querier.internal() + " did not answer: " + Transport.describe(e), e)))
                .compose(r -> answer(querier, r));
    }

    private static Future<SplitAnswer> answer(QuerierAddress querier, Reply reply) {
        SplitProtocol.Answer answer;
        try {
            answer = SplitProtocol.decodeAnswer(reply.body().getBytes());
        } catch (IOException | RuntimeException e) {
            return Future.failedFuture(new QuerierDispatch.Unreachable(502, "querier " + querier.internal()
                    + " answered HTTP " + reply.status() + " that is not a split answer: " + e.getMessage(), e));
        }
        return switch (answer) {
            case SplitProtocol.Evaluated(SplitAnswer a) -> Future.succeededFuture(a);
            case SplitProtocol.Failed(int status, String message) -> Future.failedFuture(
                    Transport.retried(status) ? new QuerierDispatch.Unreachable(status, message, null)
                            : QueryError.of(status, message));
        };
    }
}
