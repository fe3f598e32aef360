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
                          IngesterConfig ingester, LimitsConfig limits) {

    public static SigynConfig defaults() {
        return new SigynConfig("all", false, ServerConfig.defaults(), CommonConfig.defaults(),
                IngesterConfig.defaults(), LimitsConfig.defaults());
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
}
