package dev.sigyn.server;

import dev.sigyn.config.ConfigException;
import dev.sigyn.config.ConfigLoader;
import dev.sigyn.config.FlagUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the single binary: reads the configuration, starts the components of {@code -target}, waits.
 * {@code -help} and {@code -version} print to standard output and exit 0 without starting anything. Mistakes a user
 * can fix (a bad flag, a port in use) end in one line naming the problem and exit status 1, not a stack trace.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        if (FlagUsage.asksForHelp(args)) {
            System.out.print(FlagUsage.text(System.getProperty("sigyn.program", "sigyn")));
            System.exit(0);
        }
        if (FlagUsage.asksForVersion(args)) {
            System.out.print(BuildInfo.load().describe());
            System.exit(0);
        }
        FatalErrors.install();
        ConfigLoader.LoadedConfig loaded;
        try {
            loaded = ConfigLoader.load(args);
        } catch (ConfigException e) {
            System.err.println("sigyn: invalid configuration: " + e.getMessage());
            System.exit(1);
            return;
        }
        HeapTarget.apply(); // after the configuration, so that a bad flag is the only line the user sees
        loaded.warnings().forEach(w -> log.atWarn().addKeyValue("warning", w).log("configuration"));
        try {
            SigynServer server = SigynServer.start(loaded.config());
            BoundedShutdown.register(server, BoundedShutdown.bound(loaded.config().server()));
        } catch (CannotListenException e) {
            System.err.println("sigyn: " + e.getMessage());
            System.exit(1);
        } catch (ConfigException e) { // a setting only start-up can check, such as an unreadable key file
            System.err.println("sigyn: invalid configuration: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            log.atError().setCause(e).log("start-up failed");
            System.exit(1);
        }
    }
}
