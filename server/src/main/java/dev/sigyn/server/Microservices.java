package dev.sigyn.server;

import dev.sigyn.compactor.Compactor;
import dev.sigyn.compactor.CompactorApi;
import dev.sigyn.compactor.RetentionRules;
import dev.sigyn.compactor.deletion.DeleteRequests;
import dev.sigyn.config.Readiness;
import dev.sigyn.config.RuntimeOverrides;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.ingester.IngesterAdmin;
import dev.sigyn.querier.tail.TailThreads;
import dev.sigyn.store.BlobStore;
import dev.sigyn.writelog.ingest.PartitionIngesters;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Microservices mode: the components {@code -target} names (one or several), wired for a cluster. Pushes go from
 * distributors to the Kafka write log, ingesters consume its partitions (Kafka's consumer group picks one owner per
 * partition), queriers read the object store and ask the partitions' owners for unflushed data, the query-frontend
 * splits and dispatches to queriers, and one compactor at a time tidies the bucket. Processes find one another through
 * Kafka's consumer groups, each publishing its addresses; internal calls go over HTTP/2 on
 * {@code server.grpc_listen_port}.
 */
final class Microservices {
    private static final Logger log = LoggerFactory.getLogger(Microservices.class);

    private Microservices() {}

    static SigynServer start(SigynConfig config, PrometheusMeterRegistry metrics, JvmGcMetrics gcMetrics)
            throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(Math.max(8, 4 * Runtime.getRuntime().availableProcessors())));
        RuntimeOverrides limits = RuntimeOverrides.start(config, RetentionRules::from);
        TenantResolver tenants = TenantResolver.orgIdHeader(config.authEnabled());
        String instance = instanceAddress(config);
        String internalAddress = instance + ":" + config.cluster().grpcListenPort();
        WorkerExecutor background = vertx.createSharedWorkerExecutor(SigynServer.BACKGROUND_THREADS, 2);
        // Closed after HTTP stops, in reverse order of creation; then storage.
        List<AutoCloseable> components = new ArrayList<>();
        List<AutoCloseable> storage = new ArrayList<>();
        storage.add(limits);
        List<Readiness> readiness = new ArrayList<>();
        Router router = Router.router(vertx);
        Router internal = Router.router(vertx);
        PlainTextErrors.install(router);
        HttpMetrics.install(router, metrics);

        BlobStore store = needsStore(config) ? SigynServer.objectStore(config, Path.of(config.chunksDirectory())) : null;
        if (store instanceof AutoCloseable c) storage.add(c);

        IngesterAdmin ingesterAdmin = null;
        List<Runnable> afterListen = new ArrayList<>();
        if (config.runs("ingester")) {
            PartitionIngesters ingesters = new PartitionIngesters(
                    tempConsumer(config, internalAddress), config.kafka().topic(),
                    config.kafka().consumerGroup(), config.kafka().checkpointInterval(), config.ingester(), limits,
                    store, internalAddress, metrics, Clock.systemUTC(),
                    TailThreads.executor(TailThreads.create(vertx, config)));
            components.add(ingesters);
            readiness.add(ingesters);
            ingesterAdmin = ingesters;
            afterListen.add(ingesters::start);
        }
        if (config.runs("compactor")) {
            DeleteRequests deleteRequests = new DeleteRequests(store, Clock.systemUTC(), Duration.ofSeconds(10));
            Compactor compactor = new Compactor(store, config.compactor(), limits, deleteRequests, metrics, Clock.systemUTC());
            new CompactorApi(vertx, background, tenants, deleteRequests, compactor, metrics, Clock.systemUTC()).mount(router);
            storage.add(compactor);
            afterListen.add(compactor::start);
        }

        ReadinessCheck ready = new ReadinessCheck(readiness);
        new OpsApi(vertx, background, config, tenants, limits, ready, ingesterAdmin, metrics, BuildInfo.load()).mount(router);
        router.route().handler(ready::gate);
        TargetRoutes.mountFallback(router, config);

        HttpServer http = SigynServer.listen(vertx, router, config);
        if (config.runs("ingester") || config.runs("querier")) {
            components.add(listenInternal(vertx, internal, config));
        }
        afterListen.forEach(Runnable::run);
        SigynServer.logStarted(config, http);
        log.atInfo().addKeyValue("components", config.components()).addKeyValue("internal_address", internalAddress)
                .addKeyValue("kafka", config.kafka().address()).addKeyValue("topic", config.kafka().topic())
                .log("microservices mode");
        return SigynServer.assembled(config, vertx, metrics, gcMetrics, ready, () -> closeInReverse(components), http,
                storage);
    }

    private static boolean needsStore(SigynConfig config) {
        return config.runs("ingester") || config.runs("querier") || config.runs("compactor");
    }

    /** The internal port: HTTP/2 without TLS (prior knowledge), for calls between Sigyn's processes only. */
    private static AutoCloseable listenInternal(Vertx vertx, Router internal, SigynConfig config) throws Exception {
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(true);
        String host = SigynServer.listenHost(config);
        try {
            HttpServer server = vertx.createHttpServer(options).requestHandler(internal)
                    .listen(config.cluster().grpcListenPort(), host)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return () -> server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.BindException bind) {
                throw new CannotListenException(host, config.cluster().grpcListenPort(), bind);
            }
            throw e;
        }
    }

    private static void closeInReverse(List<AutoCloseable> components) {
        for (int i = components.size() - 1; i >= 0; i--) {
            try {
                components.get(i).close();
            } catch (Exception e) {
                log.atWarn().setCause(e).log("closing a component failed");
            }
        }
    }

    private static java.util.Properties tempConsumer(SigynConfig config, String address) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", config.kafka().address());
        p.put("client.id", "sigyn-ingester@" + address);
        return p;
    }

    /** {@code common.instance_addr}, or this host's address. */
    static String instanceAddress(SigynConfig config) {
        if (!config.cluster().instanceAddr().isEmpty()) return config.cluster().instanceAddr();
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }
}
