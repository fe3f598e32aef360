package dev.sigyn.ruler.store;

import dev.sigyn.ruler.rules.RuleGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalDirectoryRuleStoreTest {
    @TempDir
    Path dir;

    private void write(String tenant, String file, String interval) throws IOException {
        Files.createDirectories(dir.resolve(tenant));
        Files.writeString(dir.resolve(tenant).resolve(file), """
                groups:
                  - name: g
                    interval: %s
                    rules:
                      - alert: A
                        expr: count_over_time({app="x"}[1m]) > 1
                """.formatted(interval));
    }

    @Test
    void eachFileOfATenantDirectoryIsANamespaceNamedByTheWholeFileName() throws IOException {
        write("team-a", "alerts.yaml", "1m");
        write("team-a", ".alerts.yaml.swp", "1m");
        write("team-b", "other.yml", "1m");
        LocalDirectoryRuleStore store = new LocalDirectoryRuleStore(dir);

        assertEquals(List.of("team-a", "team-b"), store.tenants());
        assertEquals(List.of("alerts.yaml"), List.copyOf(store.groups("team-a").keySet()));
        assertEquals("g", store.group("team-a", "alerts.yaml", "g").orElseThrow().name());
        assertTrue(store.namespace("team-c", "alerts.yaml").isEmpty());
    }

    @Test
    void aFileEditedOnDiskIsSeenWithoutRestart() throws IOException {
        write("t", "alerts.yaml", "1m");
        LocalDirectoryRuleStore store = new LocalDirectoryRuleStore(dir);
        assertEquals(Duration.ofMinutes(1), store.namespace("t", "alerts.yaml").getFirst().interval());

        write("t", "alerts.yaml", "1s");

        assertEquals(Duration.ofSeconds(1), store.namespace("t", "alerts.yaml").getFirst().interval());
    }

    @Test
    void writesAreRefusedWithLokisTexts() {
        LocalDirectoryRuleStore store = new LocalDirectoryRuleStore(dir);
        RuleGroup group = new RuleGroup("g", Duration.ZERO, 0, List.of());

        assertTrue(store.readOnly());
        assertEquals("SetRuleGroup unsupported in rule local store",
                assertThrows(RuleStore.ReadOnlyException.class, () -> store.put("t", "n", group)).getMessage());
        assertEquals("DeleteRuleGroup unsupported in rule local store",
                assertThrows(RuleStore.ReadOnlyException.class, () -> store.deleteGroup("t", "n", "g")).getMessage());
        assertEquals("DeleteNamespace unsupported in rule local store",
                assertThrows(RuleStore.ReadOnlyException.class, () -> store.deleteNamespace("t", "n")).getMessage());
    }

    @Test
    void aFileThatDoesNotParseNamesTheFileAndTheProblem() throws IOException {
        write("t", "bad.yaml", "soon");
        LocalDirectoryRuleStore store = new LocalDirectoryRuleStore(dir);

        IOException e = assertThrows(IOException.class, () -> store.groups("t"));
        assertEquals("error parsing " + dir.resolve("t").resolve("bad.yaml")
                + ": group \"g\": 'interval': not a valid duration string: \"soon\"", e.getMessage());
    }

    @Test
    void aMissingDirectoryHasNoRules() throws IOException {
        LocalDirectoryRuleStore store = new LocalDirectoryRuleStore(dir.resolve("absent"));
        assertEquals(List.of(), store.tenants());
        assertTrue(store.groups("t").isEmpty());
    }
}
