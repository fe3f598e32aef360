package dev.sigyn.querier.frontend;

import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
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
        QuerierDispatch dispatch = new QuerierDispatch(directory);
        this.splitClient = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
                .setConnectTimeout(CONNECT_TIMEOUT_MS));
        // Relayed calls hold their connection while their answer streams: as many as the frontend runs at once.
        this.relayClient = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(Math.max(8, config.querier().maxConcurrent())));
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
