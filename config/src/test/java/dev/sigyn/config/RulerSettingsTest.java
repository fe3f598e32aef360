package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loki's ruler keys Sigyn reads, from a file and flags, and the values it refuses at start-up. */
class RulerSettingsTest {
    @TempDir
    Path dir;

    private ConfigLoader.LoadedConfig load(String yaml, String... flags) throws Exception {
        Path f = Files.writeString(dir.resolve("sigyn.yaml"), yaml);
        String[] args = new String[flags.length + 1];
        args[0] = "-config.file=" + f;
        System.arraycopy(flags, 0, args, 1, flags.length);
        return ConfigLoader.load(args, name -> null);
    }

    @Test
    void readsLokisRulerKeysAndFlagsAndWarnsOfTheRestOfTheBlock() throws Exception {
        var loaded = load("""
                ruler:
                  storage:
                    type: local
                    local:
                      directory: /etc/loki/rules
                  enable_api: false
                  evaluation_interval: 15s
                  alertmanager_url: http://alertmanager:9093
                """, "-ruler.poll-interval=10s");
        assertEquals(new RulerConfig("local", "/etc/loki/rules", false, Duration.ofSeconds(15),
                Duration.ofSeconds(10)), loaded.config().ruler());
        assertEquals(1, loaded.warnings().size(), loaded.warnings().toString());
        assertTrue(loaded.warnings().getFirst().startsWith("ruler.alertmanager_url "), loaded.warnings().getFirst());
    }

    @Test
    void refusesAStorageTypeSigynCannotRead() {
        var e = assertThrows(ConfigException.class, () -> load("ruler:\n  storage:\n    type: gcs\n"));
        assertTrue(e.getMessage().contains("ruler.storage.type"), e.getMessage());
        assertTrue(e.getMessage().contains("must be one of , local, s3, filesystem"), e.getMessage());
    }

    @Test
    void refusesIntervalsOfZero() {
        var evaluation = assertThrows(ConfigException.class, () -> load("ruler:\n  evaluation_interval: 0s\n"));
        assertTrue(evaluation.getMessage().contains("ruler.evaluation_interval"), evaluation.getMessage());
        assertTrue(evaluation.getMessage().contains("must be above 0"), evaluation.getMessage());
        var poll = assertThrows(ConfigException.class, () -> load("", "-ruler.poll-interval=0s"));
        assertTrue(poll.getMessage().contains("must be above 0"), poll.getMessage());
    }
}
