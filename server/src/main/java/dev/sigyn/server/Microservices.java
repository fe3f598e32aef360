package dev.sigyn.server;

import dev.sigyn.compactor.Compactor;
import dev.sigyn.compactor.CompactorApi;
import dev.sigyn.compactor.deletion.DeleteFilteringLogSource;
import dev.sigyn.compactor.deletion.DeleteRequests;
import dev.sigyn.config.KafkaConfig;
import dev.sigyn.config.Readiness;
import dev.sigyn.config.RuntimeOverrides;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.auth.HttpSecurity;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.distributor.PushApi;
import dev.sigyn.ingester.IngesterAdmin;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.querier.PeerTls;
import dev.sigyn.querier.QueryApi;
import dev.sigyn.querier.frontend.QuerierWorkService;
import dev.sigyn.querier.frontend.QueryFrontend;
import dev.sigyn.querier.remote.IngesterReadService;
import dev.sigyn.querier.remote.PartitionOwners;
import dev.sigyn.querier.remote.RemoteIngesters;
import dev.sigyn.querier.remote.RemoteLiveTails;
import dev.sigyn.querier.store.StoreLogSource;
import dev.sigyn.querier.tail.TailApi;
import dev.sigyn.querier.tail.TailThreads;
import dev.sigyn.server.ClusterParts.Members;
import dev.sigyn.server.tls.ServerTls;
import dev.sigyn.store.BlobStore;
import dev.sigyn.writelog.KafkaClients;
import dev.sigyn.writelog.KafkaPusher;
import dev.sigyn.writelog.TopicSetup;
import dev.sigyn.writelog.group.GroupDirectory;
import dev.sigyn.writelog.group.GroupMembership;
import dev.sigyn.writelog.group.KafkaLease;
import dev.sigyn.writelog.group.MemberAddress;
import dev.sigyn.writelog.group.PartitionAssignments;
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
import java.util.Optional;
import java.util.Properties;
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
        RuntimeOverrides limits = RuntimeOverrides.start(config, SigynServer::checkLimits);
        TenantResolver tenants = TenantResolver.of(config);
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
        storage.add(HttpSecurity.install(router, vertx, config, metrics));

        BlobStore store = needsStore(config) ? SigynServer.objectStore(config, Path.of(config.chunksDirectory())) : null;
        if (store instanceof AutoCloseable c) storage.add(c);

        IngesterAdmin ingesterAdmin = null;
        // Started once the ports listen, so that what others read from Kafka's groups is reachable.
        List<StartAfterListen> afterListen = new ArrayList<>();
        KafkaConfig kafka = config.kafka();
        String topic = kafka.topic();
        int httpPort = config.server().httpListenPort();
        // Groups through which processes find one another; members publish their internal and HTTP addresses.
        String distributorsGroup = topic + ".distributors";
        String queriersGroup = topic + ".queriers";

        if (config.runs("ingester")) {
            TopicSetup.ensureWaiting(kafka, config.ingester(), KAFKA_WAIT);
            MemberAddress self = new MemberAddress("ingester", internalAddress, instance + ":" + httpPort);
            Properties consumer = KafkaClients.consumer(kafka, "ingester", kafka.consumerGroup());
            consumer.put("client.id", self.clientId());
            PartitionIngesters ingesters = new PartitionIngesters(consumer, topic, kafka.consumerGroup(),
                    kafka.checkpointInterval(), config.ingester(), limits, store, internalAddress, metrics,
                    Clock.systemUTC(), TailThreads.executor(TailThreads.create(vertx, config)));
            components.add(ingesters);
            readiness.add(ingesters);
            ingesterAdmin = ingesters;
            WorkerExecutor reads = vertx.createSharedWorkerExecutor("sigyn-ingester-reads",
                    Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
            new IngesterReadService(vertx, ingesters, ingesters, ingesters.tails(), ingesters::servedPartitions,
                    command -> reads.executeBlocking(() -> {
                        command.run();
                        return null;
                    }, false)).mount(internal);
            afterListen.add(ingesters::start);
        }

        if (config.runs("distributor")) {
            int partitions = TopicSetup.ensureWaiting(kafka, config.ingester(), KAFKA_WAIT);
            MemberAddress self = new MemberAddress("distributor", internalAddress, instance + ":" + httpPort);
            Members distributors = new Members(new GroupDirectory(KafkaClients.admin(kafka, "distributor"),
                    distributorsGroup, topic, Optional.of(self), GroupDirectory.DEFAULT_TTL));
            components.add(distributors);
            KafkaPusher pusher = new KafkaPusher(kafka, partitions, limits, () -> distributors.count("distributor"),
                    metrics);
            components.add(pusher);
            new PushApi(vertx, pusher, tenants, config, limits, metrics, () -> distributors.count("distributor"))
                    .mount(router);
            afterListen.add(() -> {
                GroupMembership membership = new GroupMembership(KafkaClients.consumer(kafka, "distributor",
                        distributorsGroup), distributorsGroup, topic, self);
                membership.start();
                components.add(membership);
            });
        }

        DeleteRequests deleteRequests = store == null ? null
                : new DeleteRequests(store, Clock.systemUTC(), Duration.ofSeconds(10));
        QueryFrontend frontend = null;
        if (config.runs("query-frontend")) {
            Members queriers = new Members(new GroupDirectory(KafkaClients.admin(kafka, "query-frontend"),
                    queriersGroup, topic));
            components.add(queriers);
            frontend = new QueryFrontend(vertx, queriers.queriers(), tenants, config, limits, metrics,
                    internalTls(config), httpTls(config));
            frontend.mount(router);
            QueryFrontend f = frontend;
            components.add(() -> f.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            if (deleteRequests != null) deleteRequests.onChange(frontend::invalidateResults);
        }

        if (config.runs("querier")) {
            PartitionAssignments assignments = new PartitionAssignments(KafkaClients.admin(kafka, "querier"),
                    kafka.consumerGroup(), topic);
            components.add(assignments);
            PartitionOwners owners = ClusterParts.partitionOwners(assignments);
            RemoteIngesters ingesters = new RemoteIngesters(vertx, owners, INGESTER_WAIT, internalTls(config));
            components.add(ingesters);
            StoreLogSource storeReader = new StoreLogSource(store, config.caches().chunkCacheBytes(),
                    config.caches().indexCacheBytes(), metrics);
            storage.add(storeReader);
            List<LogSource> sources = List.of(new DeleteFilteringLogSource(ingesters, deleteRequests),
                    new DeleteFilteringLogSource(storeReader, deleteRequests));
            QueryApi queryApi = new QueryApi(vertx, sources, List.of(ingesters, storeReader), tenants, config, limits,
                    metrics);
            // With a frontend in the same process, the public routes are the frontend's (it dispatches here too).
            if (frontend == null) queryApi.mount(router);
            deleteRequests.onChange(queryApi::invalidateResults);
            RemoteLiveTails tails = new RemoteLiveTails(vertx, owners, INGESTER_WAIT, internalTls(config));
            components.add(tails);
            if (frontend == null) {
                new TailApi(vertx, TailThreads.create(vertx, config), tails, sources, tenants, config, limits)
                        .mount(router);
            }
            new QuerierWorkService(vertx, queryApi.splits(), limits).mount(internal);
            MemberAddress self = new MemberAddress("querier", internalAddress, instance + ":" + httpPort);
            afterListen.add(() -> {
                GroupMembership membership = new GroupMembership(KafkaClients.consumer(kafka, "querier",
                        queriersGroup), queriersGroup, topic, self);
                membership.start();
                components.add(membership);
            });
        }

        if (config.runs("compactor")) {
            Compactor compactor = new Compactor(store, config.compactor(), limits, deleteRequests, metrics, Clock.systemUTC());
            new CompactorApi(vertx, background, tenants, deleteRequests, compactor, metrics, Clock.systemUTC()).mount(router);
            storage.add(compactor);
            MemberAddress self = new MemberAddress("compactor", internalAddress, instance + ":" + httpPort);
            afterListen.add(() -> {
                KafkaLease lease = ClusterParts.compactorLease(KafkaClients.consumer(kafka, "compactor",
                        topic + ".compactor"), topic, (short) kafka.replicationFactor(), self, compactor);
                lease.start();
                components.add(lease);
            });
        }

        ReadinessCheck ready = new ReadinessCheck(readiness);
        new OpsApi(vertx, background, config, tenants, limits, ready, ingesterAdmin, metrics, BuildInfo.load()).mount(router);
        router.route().handler(ready::gate);
        TargetRoutes.mountFallback(router, config);

        HttpServer http = SigynServer.listen(vertx, router, config);
        if (config.runs("ingester") || config.runs("querier")) {
            components.add(listenInternal(vertx, internal, config));
        }
        for (StartAfterListen s : afterListen) s.start();
        SigynServer.logStarted(config, http);
        log.atInfo().addKeyValue("components", config.components()).addKeyValue("internal_address", internalAddress)
                .addKeyValue("kafka", config.kafka().address()).addKeyValue("topic", config.kafka().topic())
                .log("microservices mode");
        return SigynServer.assembled(config, vertx, metrics, gcMetrics, ready, () -> closeInReverse(components), http,
                storage);
    }

    /** How long start-up waits for Kafka's brokers to answer. */
    private static final Duration KAFKA_WAIT = Duration.ofMinutes(2);

    /** How long a query waits for a partition without an owner (a takeover) before it answers 503. */
    private static final Duration INGESTER_WAIT = Duration.ofSeconds(10);

    @FunctionalInterface
    private interface StartAfterListen {
        void start() throws Exception;
    }

    private static boolean needsStore(SigynConfig config) {
        return config.runs("ingester") || config.runs("querier") || config.runs("compactor");
    }

    /** The YAML block of the internal port's TLS, as messages name it. */
    static final String GRPC_TLS = "server.grpc_tls_config";

    /**
     * The internal port, for calls between Sigyn's processes only: HTTP/2 without TLS (prior knowledge), or, with
     * {@code server.grpc_tls_config}, HTTP/2 over TLS (chosen by ALPN), its certificate reloaded when its files change.
     */
    private static AutoCloseable listenInternal(Vertx vertx, Router internal, SigynConfig config) throws Exception {
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(true);
        var reload = ServerTls.secure(vertx, options, GRPC_TLS, config.server().tls().grpc(), config.server().tls());
        String host = SigynServer.listenHost(config);
        try {
            HttpServer server = vertx.createHttpServer(options).requestHandler(internal)
                    .listen(config.cluster().grpcListenPort(), host)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            reload.accept(server);
            return () -> server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.BindException bind) {
                throw new CannotListenException(host, config.cluster().grpcListenPort(), bind);
            }
            throw e;
        }
    }

    /** How this process calls the internal ports of others: with {@code grpc_tls_config}'s identity and CA. */
    static PeerTls internalTls(SigynConfig config) {
        return PeerTls.of(config.server().tls().grpc());
    }

    /**
     * How the query-frontend calls queriers' HTTP ports: over TLS when {@code http_tls_config} is set, with the
     * cluster's identity ({@code grpc_tls_config}) when there is one, else with the HTTP block's certificate and CA.
     */
    static PeerTls httpTls(SigynConfig config) {
        var tls = config.server().tls();
        if (!tls.http().enabled()) return PeerTls.CLEARTEXT;
        return PeerTls.of(tls.grpc().enabled() ? tls.grpc() : tls.http());
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
