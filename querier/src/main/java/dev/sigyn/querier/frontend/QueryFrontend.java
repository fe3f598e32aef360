package dev.sigyn.querier.frontend;

import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.querier.PeerTls;
import dev.sigyn.querier.QueryApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;

/**
 * The query frontend ({@code -target=query-frontend}): Loki's query API, the same routes, parameters and errors as a
 * querier's, answered by the queriers the {@link QuerierDirectory} lists. Range metric queries are split by
 * {@code split_queries_by_interval} and their splits cached here and evaluated on the queriers, spread over them in
 * turn; every other call is relayed whole to one querier. Work a querier cannot do (gone, or 502/503) is tried on
 * another; with no querier at all, calls answer 503.
 */
public final class QueryFrontend {
    /** How long reaching a querier may take before the work goes to another (Loki's dial timeout). */
    private static final int CONNECT_TIMEOUT_MS = 2_000;

    private final HttpClient splitClient;
    private final HttpClient relayClient;
    private final QueryApi api;

    public QueryFrontend(Vertx vertx, QuerierDirectory directory, TenantResolver tenants, SigynConfig config,
                         TenantLimits limits, MeterRegistry metrics) {
        this(vertx, directory, tenants, config, limits, metrics, PeerTls.CLEARTEXT, PeerTls.CLEARTEXT);
    }

    /**
     * @param internalTls how the queriers' internal port is reached (splits; {@code grpc_tls_config})
     * @param httpTls     how the queriers' HTTP port is reached (relayed calls; {@code http_tls_config})
     */
    public QueryFrontend(Vertx vertx, QuerierDirectory directory, TenantResolver tenants, SigynConfig config,
                         TenantLimits limits, MeterRegistry metrics, PeerTls internalTls, PeerTls httpTls) {
        QuerierDispatch dispatch = new QuerierDispatch(directory);
        this.splitClient = vertx.createHttpClient(internalTls.applyTo(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
                .setConnectTimeout(CONNECT_TIMEOUT_MS)));
        // Relayed calls hold their connection while their answer streams: as many as the frontend runs at once.
        // HTTP/1.1 on the public port, over TLS too (ALPN would otherwise offer nothing the port takes).
        this.relayClient = vertx.createHttpClient(httpTls.applyTo(new HttpClientOptions()
                        .setConnectTimeout(CONNECT_TIMEOUT_MS).setKeepAlive(true))
                        .setAlpnVersions(java.util.List.of(HttpVersion.HTTP_1_1)),
                new PoolOptions().setHttp1MaxSize(Math.max(8, config.querier().maxConcurrent())));
        this.api = QueryApi.frontend(vertx, new RemoteSplits(vertx, splitClient, dispatch),
                new QueryRelay(vertx, relayClient, dispatch), tenants, config, limits, metrics);
    }

    /** Registers Loki's query routes (GET and POST for each) on the router of the public HTTP server. */
    public void mount(Router router) {
        api.mount(router);
    }

    /** Forgets the tenant's cached split results: its data changed in the past (a delete request). */
    public void invalidateResults(String tenant) {
        api.invalidateResults(tenant);
    }

    /** Closes the connections to the queriers. */
    public Future<Void> close() {
        return Future.join(splitClient.close(), relayClient.close()).mapEmpty();
    }
}
