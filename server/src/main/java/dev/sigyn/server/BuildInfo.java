package dev.sigyn.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version facts baked into the jar at build time (see sigyn-build.properties). */
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
}
