package dev.sigyn.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link TenantLimits} of a running server: {@code limits_config}, with the per-tenant overrides of
 * {@code runtime_config.file} read again every {@code runtime_config.period} on a thread of its own (never an event
 * loop). A file that cannot be read or does not check out leaves the last good overrides in force and logs why; at
 * start-up it is an error, as in Loki, so that a server never starts on limits other than the ones asked for.
 */
public final class RuntimeOverrides implements TenantLimits, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RuntimeOverrides.class);

    private final SigynConfig config;
    private final Path file;
    private final Consumer<LimitsConfig> check;
    private final ScheduledExecutorService reloader;
    /** Read by every request, replaced whole by a reload. */
    private volatile Map<String, LimitsConfig> overrides;
    /** The text the overrides came from: an unchanged file is not parsed or logged again. */
    private String loadedText;

    private RuntimeOverrides(SigynConfig config, Path file, Consumer<LimitsConfig> check) {
        this.config = config;
        this.file = file;
        this.check = check;
        this.overrides = Map.of();
        this.reloader = file == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sigyn-runtime-config");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads the overrides file of {@code config} (if any) and starts reloading it. {@code check} is handed
     * {@code limits_config} and every tenant's limits, and throws {@link IllegalArgumentException} for limits a
     * component cannot work with (a bad {@code retention_stream} selector): start-up fails on such limits, and a
     * file holding them is refused like one with a bad key.
     */
    public static RuntimeOverrides start(SigynConfig config, Consumer<LimitsConfig> check) throws ConfigException {
        try {
            check.accept(config.limits());
        } catch (IllegalArgumentException bad) {
            throw new ConfigException(bad.getMessage(), bad);
        }
        String name = config.runtimeConfig().file();
        RuntimeOverrides o = new RuntimeOverrides(config, name.isEmpty() ? null : Path.of(name), check);
        if (o.file == null) return o;
        o.load();
        long period = config.runtimeConfig().period().toMillis();
        o.reloader.scheduleWithFixedDelay(o::reload, period, period, TimeUnit.MILLISECONDS);
        return o;
    }

    @Override
    public LimitsConfig forTenant(String tenant) {
        LimitsConfig tenantLimits = overrides.get(tenant);
        return tenantLimits != null ? tenantLimits : config.limits();
    }

    /** The tenants with overrides in force, and their whole limits. */
    public Map<String, LimitsConfig> overrides() {
        return overrides;
    }

    /** Reads the file now; what a period's reload does, for tests that do not want to wait. */
    void reload() {
        try {
            load();
        } catch (ConfigException | RuntimeException e) {
            log.atWarn().addKeyValue("file", file).addKeyValue("error", e.getMessage())
                    .log("runtime config file not applied; the last good overrides stay in force");
        }
    }

    private synchronized void load() throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read runtime config file " + file + ": " + e, e);
        }
        if (text.equals(loadedText)) return;
        OverridesFile parsed = OverridesFile.parse(text, file.toString(), config);
        for (Map.Entry<String, LimitsConfig> e : parsed.limits().entrySet()) {
            try {
                check.accept(e.getValue());
            } catch (IllegalArgumentException bad) {
                throw new ConfigException(file + ": overrides." + e.getKey() + ": " + bad.getMessage(), bad);
            }
        }
        parsed.warnings().forEach(w -> log.atWarn().log(w));
        overrides = parsed.limits();
        loadedText = text;
        log.atInfo().addKeyValue("file", file).addKeyValue("tenants", overrides.size()).log("runtime config loaded");
    }

    @Override
    public void close() {
        if (reloader != null) reloader.shutdownNow();
    }
}
