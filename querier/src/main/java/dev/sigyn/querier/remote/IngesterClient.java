package dev.sigyn.querier.remote;

import dev.sigyn.querier.PeerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The querier's HTTP/2 connections to the ingesters' internal port, cleartext with prior knowledge (no upgrade
 * round trip), or TLS with HTTP/2 chosen by ALPN when the cluster has {@code grpc_tls_config}: each call of the read
 * path is one stream of a connection shared with the others to that ingester.
 */
final class IngesterClient implements AutoCloseable {
    /** Connections per ingester; each carries many calls at once, up to the ingester's limit of streams. */
    private static final int CONNECTIONS_PER_INGESTER = 4;

    private final HttpClientAgent http;
    private final long idleTimeoutMillis;

    /**
     * @param timeout the longest a connection may take to open, and an answer may stay silent (ingesters send a
     *                heartbeat every {@link IngesterReadService#HEARTBEAT_MILLIS} while they read)
     */
    IngesterClient(Vertx vertx, Duration timeout, PeerTls tls) {
        this.idleTimeoutMillis = Math.max(timeout.toMillis(), 2 * IngesterReadService.HEARTBEAT_MILLIS);
        this.http = vertx.createHttpClient(tls.applyTo(new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_2)
                        .setHttp2ClearTextUpgrade(false)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())))),
                new PoolOptions().setHttp2MaxSize(CONNECTIONS_PER_INGESTER));
    }

    /**
     * Posts {@code body} to the read path's {@code call} on the ingester at {@code address} ({@code host:port});
     * {@code sent} learns the request first, so that the caller can reset it. An answer silent for longer than the
     * timeout fails (a live tail too: the ingester sends heartbeats while no line comes).
     */
    Future<HttpClientResponse> post(String address, String call, byte[] body, Consumer<HttpClientRequest> sent) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) return Future.failedFuture(new IllegalArgumentException("not host:port: " + address));
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1); // IPv6
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            return Future.failedFuture(new IllegalArgumentException("not host:port: " + address));
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                .setURI(IngesterReadService.PREFIX + call)
                .setIdleTimeout(idleTimeoutMillis)
                .putHeader("Content-Type", "application/x-protobuf");
        // The answer comes back paused: its handlers are set by a callback that may run after the whole (short)
        // answer arrived, which would then be lost. The caller resumes it once its handlers are in place.
        return http.request(options).compose(request -> {
            sent.accept(request);
            return request.send(Buffer.buffer(body)).map(response -> {
                response.pause();
                return response;
            });
        });
    }

    @Override
    public void close() {
        http.close();
    }
}
