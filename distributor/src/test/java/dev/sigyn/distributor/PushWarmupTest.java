package dev.sigyn.distributor;

import dev.sigyn.config.SigynConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PushWarmupTest {

    @Test
    void warmUpBodiesAreValidProtobufPushesOverSeveralStreams() throws Exception {
        byte[] body = PushWarmup.body(new SplittableRandom(1), 1400, System.currentTimeMillis() * 1_000_000L, "warmup");
        List<ReceivedStream> streams = ProtobufPushDecoder.decode(body, body.length, 100 << 20);
        assertEquals(14, streams.size());
        assertEquals(1400, streams.stream().mapToInt(s -> s.entries().size()).sum());
        assertTrue(streams.getFirst().entries().getFirst().line().length() > 20);
    }

    @Test
    void warmUpLeavesNoFilesBehind() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = warmupDirs(tmp);
        PushWarmup.run(SigynConfig.defaults(), 4, 1400, 2);
        assertEquals(before, warmupDirs(tmp));
    }

    private static long warmupDirs(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("sigyn-warmup")).count();
        }
    }
}
