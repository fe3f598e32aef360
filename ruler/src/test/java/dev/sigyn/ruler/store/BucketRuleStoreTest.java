package dev.sigyn.ruler.store;

import dev.sigyn.ruler.rules.AlertingRule;
import dev.sigyn.ruler.rules.RecordingRule;
import dev.sigyn.ruler.rules.RuleGroup;
import dev.sigyn.store.FileSystemBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BucketRuleStoreTest {
    @TempDir
    Path dir;

    private static RuleGroup group(String name, Duration interval) {
        return new RuleGroup(name, interval, 0, List.of(
                new AlertingRule("A", "count_over_time({app=\"x\"}[1m]) > 1", Duration.ofMinutes(5), Duration.ZERO,
                        Map.of("severity", "page"), Map.of("summary", "x")),
                new RecordingRule("x:count", "count_over_time({app=\"x\"}[1m])", Map.of())));
    }

    @Test
    void groupsSurviveANewStoreOnTheSameBucket() throws IOException {
        new BucketRuleStore(new FileSystemBlobStore(dir)).put("t", "my ns/1", group("g", Duration.ofSeconds(1)));

        BucketRuleStore reopened = new BucketRuleStore(new FileSystemBlobStore(dir));

        assertEquals(Optional.of(group("g", Duration.ofSeconds(1))), reopened.group("t", "my ns/1", "g"));
        assertEquals(List.of("t"), reopened.tenants());
        assertEquals(Map.of("my ns/1", List.of(group("g", Duration.ofSeconds(1)))), reopened.groups("t"));
    }

    @Test
    void objectsUseLokisKeyLayoutWithBase64UrlNames() throws IOException {
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir);
        new BucketRuleStore(blobs).put("t", "a/b?", group("g>", Duration.ZERO));

        assertEquals(List.of("rules/t/YS9iPw==/Zz4="), blobs.list("rules/"));
    }

    @Test
    void aPutReplacesTheGroupOfThatName() throws IOException {
        BucketRuleStore store = new BucketRuleStore(new FileSystemBlobStore(dir));
        store.put("t", "n", group("g", Duration.ofMinutes(1)));
        store.put("t", "n", group("g", Duration.ofMinutes(2)));
        store.put("t", "n", group("h", Duration.ofMinutes(3)));

        assertEquals(List.of(group("g", Duration.ofMinutes(2)), group("h", Duration.ofMinutes(3))),
                store.namespace("t", "n"));
    }

    @Test
    void deletesSayWhetherThereWasSomethingToDelete() throws IOException {
        BucketRuleStore store = new BucketRuleStore(new FileSystemBlobStore(dir));
        store.put("t", "n", group("g", Duration.ZERO));
        store.put("t", "n", group("h", Duration.ZERO));
        store.put("t", "other", group("g", Duration.ZERO));

        assertTrue(store.deleteGroup("t", "n", "g"));
        assertFalse(store.deleteGroup("t", "n", "g"));
        assertTrue(store.deleteNamespace("t", "n"));
        assertFalse(store.deleteNamespace("t", "n"));
        assertEquals(List.of("other"), List.copyOf(store.groups("t").keySet()));
        assertFalse(store.readOnly());
    }

    @Test
    void tenantsDoNotSeeEachOthersRules() throws IOException {
        BucketRuleStore store = new BucketRuleStore(new FileSystemBlobStore(dir));
        store.put("a", "n", group("g", Duration.ZERO));

        assertTrue(store.groups("b").isEmpty());
        assertTrue(store.group("b", "n", "g").isEmpty());
        assertFalse(store.deleteNamespace("b", "n"));
    }
}
