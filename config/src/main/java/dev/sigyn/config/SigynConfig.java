package dev.sigyn.config;

/**
 * The whole effective configuration. YAML keys follow Loki's names (see docs/configuration.md); every record's
 * {@code defaults()} carries Loki's default values unless the docs say otherwise.
 *
 * @param target which components run in this process: {@code all} (default) or a single component name
 * @param authEnabled {@code auth_enabled}; Sigyn defaults it to false (single tenant {@code fake}) like Loki's shipped
 *                    single-binary configs, whereas Loki's built-in default is true
 */
public record SigynConfig(String target, boolean authEnabled, ServerConfig server, CommonConfig common,
                          DistributorConfig distributor, IngesterConfig ingester, LimitsConfig limits,
                          QuerierConfig querier, CompactorConfig compactor, CacheConfig caches,
                          RuntimeConfig runtimeConfig) {

    public static SigynConfig defaults() {
        return new SigynConfig("all", false, ServerConfig.defaults(), CommonConfig.defaults(),
                DistributorConfig.defaults(), IngesterConfig.defaults(), LimitsConfig.defaults(), QuerierConfig.defaults(),
                CompactorConfig.defaults(), CacheConfig.defaults(), RuntimeConfig.defaults());
    }

    /** Directory of the write-ahead log: {@code ingester.wal.dir}, or {@code <path_prefix>/wal}. */
    public String walDirectory() {
        return ingester.walDir() != null && !ingester.walDir().isEmpty() ? ingester.walDir() : common.pathPrefix() + "/wal";
    }

    /** Directory of the filesystem object store: {@code common.storage.filesystem.chunks_directory}, or {@code <path_prefix>/chunks}. */
    public String chunksDirectory() {
        String d = common.storage().filesystem().chunksDirectory();
        return d != null && !d.isEmpty() ? d : common.pathPrefix() + "/chunks";
    }

    /** True when this process runs {@code component} (every component runs under {@code all}). */
    public boolean runs(String component) {
        return target.equals("all") || target.equals(component);
    }

    public SigynConfig withTarget(String target) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig);
    }

    public SigynConfig withAuthEnabled(boolean authEnabled) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig);
    }

    public SigynConfig withServer(ServerConfig server) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig);
    }

    public SigynConfig withCommon(CommonConfig common) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig);
    }

    public SigynConfig withDistributor(DistributorConfig distributor) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig);
    }

    public SigynConfig withIngester(IngesterConfig ingester) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig);
    }

    public SigynConfig withLimits(LimitsConfig limits) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig);
    }

    public SigynConfig withQuerier(QuerierConfig querier) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig);
    }

    public SigynConfig withCompactor(CompactorConfig compactor) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig);
    }

    public SigynConfig withCaches(CacheConfig caches) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig);
    }

    public SigynConfig withRuntimeConfig(RuntimeConfig runtimeConfig) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig);
    }
}
