package dev.sigyn.server;

import dev.sigyn.auth.HttpSecurity;
import dev.sigyn.compactor.Compactor;
import dev.sigyn.compactor.CompactorApi;
import dev.sigyn.compactor.RetentionRules;
import dev.sigyn.compactor.deletion.DeleteFilteringLogSource;
import dev.sigyn.compactor.deletion.DeleteRequests;
import dev.sigyn.config.ConfigException;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.RuntimeOverrides;
import dev.sigyn.distributor.redaction.RedactionRules;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.distributor.PushApi;
import dev.sigyn.ingester.Ingester;
import dev.sigyn.ingester.wal.WalEncryption;
import dev.sigyn.ingester.wal.WalKeyMissingException;
import dev.sigyn.ingester.wal.WalReplayer;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.querier.QueryApi;
import dev.sigyn.querier.tail.TailApi;
import dev.sigyn.querier.tail.TailThreads;
import dev.sigyn.querier.store.StoreLogSource;
import dev.sigyn.server.tls.ServerTls;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.FileSystemBlobStore;
import dev.sigyn.store.crypt.EncryptingBlobStore;
import dev.sigyn.store.crypt.KeyEncryptionKey;
import dev.sigyn.store.crypt.KeyRing;
import dev.sigyn.store.s3.S3BlobStore;
import dev.sigyn.store.s3.S3Options;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The single binary: every component in one process ({@code -target=all}), wired here and nowhere else.
 * Push path: HTTP → {@link PushApi} (distributor) → {@link Ingester} (WAL, memory, flush to the object store).
 * Query path: HTTP → {@link QueryApi} (querier) → ingester memory + {@link StoreLogSource} (object store).
 * The ingester is built here and then handed on only through its seams (pusher, log source, live tails, readiness,
 * admin), the interfaces a network client will implement in microservices mode.
 *
 * <p>Threads: event loops route and write answers; pushes run on the distributor's {@code sigyn-push} workers;
 * queries on {@code sigyn-query} (and the store reader's {@code sigyn-store-*}), tails on {@code sigyn-tail}, both at a
 * lower priority; {@code /flush} and {@code /compactor/run} on {@value #BACKGROUND_THREADS}; the periodic flush, the
 * compaction loop and the WAL replay on threads of their own. Vert.x's default workers serve the rest (small
 * requests: {@code /metrics}, delete requests).
 */
public final class SigynServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SigynServer.class);
    static final String BACKGROUND_THREADS = "sigyn-background";

    private final SigynConfig config;
    private final Vertx vertx;
    private final PrometheusMeterRegistry metrics;
    private final JvmGcMetrics gcMetrics;
    private final ReadinessCheck readiness;
    /** Closed after HTTP stops: flushes when configured to, then closes the WAL. */
    private final AutoCloseable ingester;
    private final HttpServer http;
    /**
     * Closed last, after the ingester's final flush: the overrides reloader, the store reader's threads and the
     * object store client.
     */
    private final List<AutoCloseable> storage;
    private volatile boolean closed;
    /** The public router, for tests that check every route (set once, right after start). */
    Router router;

    private SigynServer(SigynConfig config, Vertx vertx, PrometheusMeterRegistry metrics, JvmGcMetrics gcMetrics,
                        ReadinessCheck readiness, AutoCloseable ingester, HttpServer http, List<AutoCloseable> storage) {
        this.config = config;
        this.vertx = vertx;
        this.metrics = metrics;
        this.gcMetrics = gcMetrics;
        this.readiness = readiness;
        this.ingester = ingester;
        this.http = http;
        this.storage = storage;
    }

    /** Throws {@link IllegalArgumentException} for limits a component cannot work with, naming the key. */
    static void checkLimits(LimitsConfig limits) {
        RetentionRules.from(limits);
        RedactionRules.compile(limits);
    }

    /**
     * Starts the components of {@code -target}, opens the HTTP port, and (single binary) replays the WAL in the
     * background (see {@code /ready}). Any other target runs in microservices mode ({@link Microservices}).
     */
    public static SigynServer start(SigynConfig config) throws Exception {
        LogLevel.set(config.server().logLevel());
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // The GC meters listen to the JVM's GC notifications until closed (in close(), with the registry).
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        List.of(new JvmMemoryMetrics(), gcMetrics, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics()).forEach(b -> b.bindTo(metrics));
        if (!config.isSingleBinary()) return Microservices.start(config, metrics, gcMetrics);

        Path chunks = Path.of(config.chunksDirectory());
        Path wal = Path.of(config.walDirectory());
        Files.createDirectories(wal);
        Optional<KeyRing> keys = keys(config);
        WalEncryption walEncryption = walEncryption(config, wal, keys);
        BlobStore store = objectStore(config, chunks, keys);
        // Every component asks this for a tenant's limits per request. A retention_stream rule the compactor cannot
        // use, or a redaction rule the distributor cannot, fails start-up here, and keeps a reloaded overrides file
        // from applying.
        RuntimeOverrides limits = RuntimeOverrides.start(config, SigynServer::checkLimits);
        // Queries hide the lines of delete requests at once (other processes sharing the bucket within 10 s).
        DeleteRequests deleteRequests = new DeleteRequests(store, Clock.systemUTC(), java.time.Duration.ofSeconds(10));
        Compactor compactor = config.runs("compactor")
                ? new Compactor(store, config.compactor(), limits, deleteRequests, metrics, Clock.systemUTC())
                : null;
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(Math.max(8, 4 * Runtime.getRuntime().availableProcessors())));
        // Live tails' threads: the tail API's and, for new lines, the ingester's pipelines (as Loki's tailers do).
        WorkerExecutor tailThreads = TailThreads.create(vertx, config);
        Ingester ingester = new Ingester(config.ingester(), limits, wal, walEncryption, store, writerId(), metrics,
                Clock.systemUTC(), TailThreads.executor(tailThreads));

        // Admin actions that store data (a forced flush, a compaction pass) run apart from pushes and queries.
        WorkerExecutor background = vertx.createSharedWorkerExecutor(BACKGROUND_THREADS, 2);
        TenantResolver tenants = TenantResolver.of(config);
        ReadinessCheck readiness = new ReadinessCheck(List.of(ingester));
        Router router = Router.router(vertx);
        PlainTextErrors.install(router);
        HttpMetrics.install(router, metrics);
        // Every route mounted after this is behind the audit trail and, when credentials are configured, the gate.
        HttpSecurity security = HttpSecurity.install(router, vertx, config, metrics);
        new OpsApi(vertx, background, config, tenants, limits, readiness, ingester, metrics, BuildInfo.load()).mount(router);
        // Everything mounted after this waits for every component to be ready (the WAL replayed).
        router.route().handler(readiness::gate);
        // Ingest-time discovery follows each tenant's limits (discover_service_name, discover_log_levels): on, as in Loki 3.
        new PushApi(vertx, ingester, tenants, config, limits, metrics).mount(router);
        StoreLogSource storeReader = new StoreLogSource(store, config.caches().chunkCacheBytes(),
                config.caches().indexCacheBytes(), metrics);
        List<LogSource> sources = List.of(new DeleteFilteringLogSource(ingester, deleteRequests),
                new DeleteFilteringLogSource(storeReader, deleteRequests));
        // Index statistics come from chunk metadata, which knows nothing of pending delete requests (nor does Loki's).
        QueryApi queryApi = new QueryApi(vertx, sources, List.of(ingester, storeReader), tenants, config, limits,
                metrics);
        queryApi.mount(router);
        // Cached metric results would still count lines a new delete request hides.
        deleteRequests.onChange(queryApi::invalidateResults);
        new TailApi(vertx, tailThreads, ingester.tails(), sources, tenants, config, limits).mount(router);
        if (compactor != null) {
            new CompactorApi(vertx, background, tenants, deleteRequests, compactor, metrics, Clock.systemUTC())
                    .mount(router);
        }

        HttpServer http = listen(vertx, router, config);
        List<AutoCloseable> storage = new java.util.ArrayList<>();
        storage.add(limits);
        storage.add(security);
        if (compactor != null) storage.add(compactor); // stops its pass before the store it works on closes
        storage.add(storeReader);
        if (store instanceof AutoCloseable c) storage.add(c);
        SigynServer server = new SigynServer(config, vertx, metrics, gcMetrics, readiness, ingester, http, storage);
        server.router = router;
        logStarted(config, http);

        Thread replay = new Thread(() -> {
            try {
                ingester.start();
                log.atInfo().log("ready: write-ahead log replayed");
            } catch (Exception e) {
                log.atError().setCause(e).log("write-ahead log replay failed; the server stays not ready");
            }
        }, "sigyn-wal-replay");
        replay.start();
        if (compactor != null) compactor.start();
        return server;
    }

    /** The YAML block of the public port's TLS, as messages name it. */
    static final String HTTP_TLS = "server.http_tls_config";

    /**
     * The public HTTP server: HTTP/1.1 only, as Loki's HTTP port (no h2c), with Loki's timeouts; HTTPS when
     * {@code server.http_tls_config} names a certificate, reloaded when its files change.
     */
    static HttpServer listen(Vertx vertx, Router router, SigynConfig config) throws Exception {
        // A POSTed query form may be as long as a GET's request line.
        HttpServerOptions httpOptions = new HttpServerOptions().setCompressionSupported(true)
                .setMaxInitialLineLength(64 * 1024).setMaxHeaderSize(64 * 1024).setHttp2ClearTextEnabled(false)
                .setMaxFormAttributeSize(64 * 1024);
        // HTTP/1.1 over TLS too: ALPN offers h2 only where HTTP/2 is wanted (the internal port).
        var reload = ServerTls.secure(vertx, httpOptions.setAlpnVersions(List.of(HttpVersion.HTTP_1_1)), HTTP_TLS,
                config.server().tls().http(), config.server().tls());
        vertx.exceptionHandler(FatalErrors::unhandled);
        HttpTimeouts timeouts = HttpTimeouts.install(vertx, router, config.server());
        String host = listenHost(config);
        try {
            HttpServer server = vertx.createHttpServer(httpOptions).connectionHandler(timeouts::connected)
                    .requestHandler(router)
                    .listen(config.server().httpListenPort(), host)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            reload.accept(server);
            return server;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.BindException bind) {
                throw new CannotListenException(host, config.server().httpListenPort(), bind);
            }
            throw e;
        }
    }

    static String listenHost(SigynConfig config) {
        return config.server().httpListenAddress().isEmpty() ? "0.0.0.0" : config.server().httpListenAddress();
    }

    static void logStarted(SigynConfig config, HttpServer http) {
        log.atInfo().addKeyValue("address", listenHost(config) + ":" + http.actualPort())
                .addKeyValue("tls", config.server().tls().http().enabled())
                .addKeyValue("target", config.target()).addKeyValue("auth_enabled", config.authEnabled())
                .addKeyValue("path_prefix", config.common().pathPrefix()).log("Sigyn started");
    }

    /** A server of microservices mode, built by {@link Microservices}. */
    static SigynServer assembled(SigynConfig config, Vertx vertx, PrometheusMeterRegistry metrics,
                                 JvmGcMetrics gcMetrics, ReadinessCheck readiness, AutoCloseable components,
                                 HttpServer http, List<AutoCloseable> storage) {
        return new SigynServer(config, vertx, metrics, gcMetrics, readiness, components, http, storage);
    }

    /** The HTTP port actually bound (useful when the configuration asked for port 0). */
    public int port() {
        return http.actualPort();
    }

    public boolean isReady() {
        return readiness.problem().isEmpty();
    }

    public SigynConfig config() {
        return config;
    }

    /** Stops accepting requests, then closes the ingester (which flushes when configured to) and the WAL. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        log.atInfo().log("shutting down");
        try {
            // Requests in progress get graceful_shutdown_timeout to finish; the shutdown watchdog bounds the rest.
            java.time.Duration grace = config.server().gracefulShutdownTimeout();
            http.shutdown(grace).toCompletionStage().toCompletableFuture()
                    .get(grace.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.atWarn().setCause(e).log("closing the HTTP server failed");
        }
        try {
            ingester.close();
        } catch (Exception e) {
            log.atError().setCause(e).log("closing the ingester failed");
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.atWarn().setCause(e).log("closing Vert.x failed");
        }
        for (AutoCloseable c : storage) {
            try {
                c.close();
            } catch (Exception e) {
                log.atWarn().setCause(e).log("closing the object store failed");
            }
        }
        gcMetrics.close();
        metrics.close();
        log.atInfo().log("stopped");
    }

    /**
     * S3 when a bucket is configured ({@code common.storage.s3} or {@code storage_config.aws}), else the directory;
     * either way behind {@link EncryptingBlobStore}, so every writer encrypts when {@code storage_encryption} names a
     * key. A key or S3 setting that cannot be used fails start-up with a {@link ConfigException} saying why.
     */
    static BlobStore objectStore(SigynConfig config, Path chunks) throws java.io.IOException, ConfigException {
        return objectStore(config, chunks, keys(config));
    }

    /** The keys {@code storage_encryption} names (empty when it is off); a key that cannot be used fails start-up. */
    static Optional<KeyRing> keys(SigynConfig config) throws ConfigException {
        try {
            return KeyRing.load(config.common().storage().encryption(), System::getenv);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /**
     * How the single binary's WAL in {@code walDir} is encrypted ({@code storage_encryption.wal}). A WAL file that
     * replay would need and whose key is not configured fails start-up here, naming the key id.
     */
    static WalEncryption walEncryption(SigynConfig config, Path walDir, Optional<KeyRing> keys)
            throws java.io.IOException, ConfigException {
        WalEncryption encryption = new WalEncryption(keys, config.common().storage().encryption().wal());
        encryption.sealingKey().ifPresent(k -> log.atInfo().addKeyValue("key_id", k.idHex())
                .log("write-ahead log: encrypted"));
        if (config.ingester().walEnabled()) {
            try {
                WalReplayer.checkKeys(walDir, keys);
            } catch (WalKeyMissingException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        }
        return encryption;
    }

    private static BlobStore objectStore(SigynConfig config, Path chunks, Optional<KeyRing> keys)
            throws java.io.IOException, ConfigException {
        Optional<S3Options> s3;
        try {
            s3 = S3Options.fromConfig(config.common().storage().s3());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        keys.ifPresent(k -> log.atInfo().addKeyValue("key_id", k.current().idHex())
                .addKeyValue("previous_keys", k.previous().stream().map(KeyEncryptionKey::idHex).toList())
                .log("object store: encryption at rest"));
        BlobStore backend;
        if (s3.isPresent()) {
            log.atInfo().addKeyValue("endpoint", s3.get().endpoint()).addKeyValue("bucket", s3.get().bucket())
                    .log("object store: S3");
            backend = new S3BlobStore(s3.get());
        } else {
            Files.createDirectories(chunks);
            log.atInfo().addKeyValue("directory", chunks.toAbsolutePath()).log("object store: filesystem");
            backend = new FileSystemBlobStore(chunks);
        }
        return new EncryptingBlobStore(backend, keys);
    }

    static String writerId() {
        try {
            String host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
            return host.isEmpty() ? "ingester" : host;
        } catch (Exception e) {
            return "ingester";
        }
    }
}
