package dev.sigyn.config;

/**
 * The whole effective configuration. YAML keys follow Loki's names (see docs/configuration.md); every record's
 * {@code defaults()} carries Loki's default values unless the docs say otherwise.
 *
 * @param target which components run in this process: {@code all} (default) or a single component name
 * @param auth the built-in authentication ({@code auth:}), off unless credentials are configured
 * @param ruler the ruler's rule storage, API and intervals ({@code ruler:})
 * @param authEnabled {@code auth_enabled}; Sigyn defaults it to false (single tenant {@code fake}) like Loki's shipped
 *                    single-binary configs, whereas Loki's built-in default is true
 */
public record SigynConfig(String target, boolean authEnabled, ServerConfig server, CommonConfig common,
                          DistributorConfig distributor, IngesterConfig ingester, LimitsConfig limits,
                          QuerierConfig querier, CompactorConfig compactor, CacheConfig caches,
                          RuntimeConfig runtimeConfig, KafkaConfig kafka, ClusterConfig cluster, AuthConfig auth,
                          RulerConfig ruler) {
    /** The components {@code -target} may name; a comma list names several for one process. */
    public static final java.util.List<String> COMPONENTS =
            java.util.List.of("distributor", "ingester", "querier", "query-frontend", "compactor");

    public static SigynConfig defaults() {
        return new SigynConfig("all", false, ServerConfig.defaults(), CommonConfig.defaults(),
                DistributorConfig.defaults(), IngesterConfig.defaults(), LimitsConfig.defaults(), QuerierConfig.defaults(),
                CompactorConfig.defaults(), CacheConfig.defaults(), RuntimeConfig.defaults(),
                KafkaConfig.defaults(), ClusterConfig.defaults(), AuthConfig.defaults(), RulerConfig.defaults());
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
        return isSingleBinary() || components().contains(component);
    }

    /** {@code -target=all}: every component in one process, with the local WAL instead of Kafka. */
    public boolean isSingleBinary() {
        return target.equals("all");
    }

    /** The components {@code -target} names, in {@link #COMPONENTS} order ({@code all} names every one). */
    public java.util.List<String> components() {
        if (isSingleBinary()) return COMPONENTS;
        java.util.Set<String> named = new java.util.HashSet<>();
        for (String part : target.split(",")) named.add(part.strip());
        return COMPONENTS.stream().filter(named::contains).toList();
    }

    public SigynConfig withTarget(String target) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withAuthEnabled(boolean authEnabled) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withServer(ServerConfig server) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withCommon(CommonConfig common) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withDistributor(DistributorConfig distributor) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withIngester(IngesterConfig ingester) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withLimits(LimitsConfig limits) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withQuerier(QuerierConfig querier) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withCompactor(CompactorConfig compactor) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withCaches(CacheConfig caches) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withKafka(KafkaConfig kafka) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withCluster(ClusterConfig cluster) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withRuntimeConfig(RuntimeConfig runtimeConfig) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withAuth(AuthConfig auth) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }

    public SigynConfig withRuler(RulerConfig ruler) {
        return new SigynConfig(target, authEnabled, server, common, distributor, ingester, limits, querier, compactor, caches, runtimeConfig, kafka, cluster, auth, ruler);
    }
}
