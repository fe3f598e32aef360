package dev.sigyn.server;

import dev.sigyn.config.ConfigException;
import dev.sigyn.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the single binary: reads the configuration, starts the components of {@code -target}, waits. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        FatalErrors.install();
        HeapTarget.apply();
        ConfigLoader.LoadedConfig loaded;
        try {
            loaded = ConfigLoader.load(args);
        } catch (ConfigException e) {
            System.err.println("sigyn: invalid configuration: " + e.getMessage());
            System.exit(1);
            return;
        }
        loaded.warnings().forEach(w -> log.atWarn().addKeyValue("warning", w).log("configuration"));
        try {
            SigynServer server = SigynServer.start(loaded.config());
            BoundedShutdown.register(server, BoundedShutdown.bound(loaded.config().server()));
        } catch (Exception e) {
            log.atError().setCause(e).log("start-up failed");
            System.exit(1);
        }
    }
}
