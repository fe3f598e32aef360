package dev.sigyn.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The push client: Loki push requests over a pool of HTTP/1.1 keep-alive connections, on Vert.x with one event loop.
 * The JDK's HttpClient spent about 6 ms of CPU per 250 KB push, a fifth of all CPU during a push benchmark on a
 * two-core machine, taken from the server being measured; this client writes the body straight to the socket.
 * Thread-safe: each calling thread waits for its own answer.
 */
public final class PushClient implements AutoCloseable {
    private final Vertx vertx;
    private final HttpClientAgent http;
    private final RequestOptions push;

    public PushClient(String baseUrl, int connections) {
        this(baseUrl, connections, null);
    }

    /** With {@code Authorization: Bearer <token>} on every push, for a server (or a proxy) that asks for one. */
    public PushClient(String baseUrl, int connections, String bearerToken) {
        URI uri = URI.create(baseUrl + "/loki/api/v1/push");
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000),
                new PoolOptions().setHttp1MaxSize(connections));
        push = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri.toString())
                .setIdleTimeout(120_000).putHeader("Content-Type", "application/x-protobuf");
        if (bearerToken != null) push.putHeader("Authorization", "Bearer " + bearerToken);
    }

    /** What the server answered to one push: its HTTP status (0 when none came) and, unless it was 204, why. */
    public record Answer(int status, String error) {
        public boolean ok() {
            return status == 204;
        }
    }

    /** Sends one push and waits for the answer; null on Loki's 204, otherwise what went wrong. */
    public String send(String tenant, byte[] body) {
        return sendAsync(tenant, body).join().error();
    }

    /** Sends one push; the future completes (never exceptionally) when the answer has arrived or the request failed. */
    public CompletableFuture<Answer> sendAsync(String tenant, byte[] body) {
        RequestOptions options = new RequestOptions(push).putHeader("X-Scope-OrgID", tenant);
        return http.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(answer -> response.statusCode() == 204
                        ? new Answer(204, null)
                        : new Answer(response.statusCode(),
                                "HTTP " + response.statusCode() + ": " + SigynBench.abbreviate(answer.toString()))))
                .otherwise(failure -> new Answer(0, String.valueOf(failure)))
                .toCompletionStage().toCompletableFuture();
    }

    @Override
    public void close() {
        http.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
