package dev.sigyn.server;

import dev.sigyn.config.SigynConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryWarmupTest {
    @TempDir Path dataDir;

    private static List<Path> warmupDirectories() throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith("sigyn-query-warmup")).toList();
        }
    }

    @Test
    void answersEveryQueryAndLeavesNoTrace() throws Exception {
        // The real server's own configuration: data under dataDir. The warm-up must not write there.
        SigynConfig real = TestServer.conformanceConfig(dataDir.resolve("data"));
        List<Path> before = warmupDirectories();

        assertTrue(QueryWarmup.run(real), "every warm-up push and query answered");

        assertFalse(Files.exists(dataDir.resolve("data")), "nothing written under the real path_prefix");
        assertEquals(before, warmupDirectories(), "its temporary directory is deleted");
    }
}
