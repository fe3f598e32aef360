package dev.sigyn.ruler;

import dev.sigyn.config.ConfigException;
import dev.sigyn.config.RulerConfig;
import dev.sigyn.ruler.rules.RuleGroup;
import dev.sigyn.ruler.store.RuleStore;
import dev.sigyn.store.InMemoryBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleStoresTest {
    @TempDir
    Path dir;

    @Test
    void localStorageReadsRuleFilesFromItsDirectoryAndRefusesWrites() throws Exception {
        Files.createDirectories(dir.resolve("fake"));
        Files.writeString(dir.resolve("fake").resolve("ns.yaml"), "groups:\n  - name: g\n    rules: []\n");
        RulerConfig config = new RulerConfig("local", dir.toString(), true, Duration.ofMinutes(1), Duration.ofMinutes(1));

        RuleStore store = RuleStores.open(config, new InMemoryBlobStore());

        assertTrue(store.readOnly());
        assertEquals(List.of("ns.yaml"), List.copyOf(store.groups("fake").keySet()));
    }

    @Test
    void localStorageWithoutDirectoryIsRefusedWithLokisText() {
        RulerConfig config = new RulerConfig("local", "", true, Duration.ofMinutes(1), Duration.ofMinutes(1));
        assertEquals("ruler.storage.local.directory: directory required for local rules config",
                assertThrows(ConfigException.class, () -> RuleStores.open(config, new InMemoryBlobStore())).getMessage());
    }

    @Test
    void withoutAStorageTypeRulesLiveInTheCommonObjectStore() throws Exception {
        InMemoryBlobStore common = new InMemoryBlobStore();
        RuleStore store = RuleStores.open(RulerConfig.defaults(), common);

        store.put("fake", "ns", new RuleGroup("g", Duration.ZERO, 0, List.of()));

        assertFalse(store.readOnly());
        assertEquals(1, common.list("rules/fake/").size());
    }
}
