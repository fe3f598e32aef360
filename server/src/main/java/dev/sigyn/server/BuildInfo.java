package dev.sigyn.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/**
 * Version facts baked into the jar at build time (sigyn-build.properties, filled in by the server module's build
 * from git): what {@code -version} prints and {@code /loki/api/v1/status/buildinfo} answers.
 */
public record BuildInfo(String version, String revision, String branch, String buildDate) {

    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/sigyn-build.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // A missing file only means "unknown" values below.
        }
        return new BuildInfo(p.getProperty("version", "unknown"), p.getProperty("revision", "unknown"),
                p.getProperty("branch", "unknown"), p.getProperty("buildDate", "unknown"));
    }

    /** The text of {@code -version}, laid out as Loki prints its own. */
    public String describe() {
        return String.format(Locale.ROOT, """
                sigyn, version %s (branch: %s, revision: %s)
                  build date:   %s
                  java version: %s
                  platform:     %s/%s
                """, version, branch, revision, buildDate, System.getProperty("java.version"),
                System.getProperty("os.name").toLowerCase(Locale.ROOT), System.getProperty("os.arch"));
    }
}
