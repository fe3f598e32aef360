package dev.sigyn.server;

import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.SigynConfig;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * {@link StoreNewProcessTest} on the filesystem backend: the second Sigyn has its own, empty path_prefix (WAL) and
 * shares only {@code common.storage.filesystem.chunks_directory} with the first (a shared volume, say).
 */
class StoreFilesystemNewProcessTest extends StoreNewProcessTest {
    @TempDir
    static Path tmp;

    @Override
    SigynConfig config(Path dataDir) {
        SigynConfig base = TestServer.conformanceConfig(dataDir);
        CommonConfig c = base.common();
        return base.withCommon(new CommonConfig(c.pathPrefix(), new CommonConfig.StorageConfig(
                new CommonConfig.FilesystemConfig(tmp.resolve("shared-chunks").toString()), c.storage().s3())));
    }

    @Override
    long countObjects(String prefix) throws Exception {
        Path dir = tmp.resolve("shared-chunks").resolve(prefix);
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Override
    Path scratch() {
        return tmp;
    }
}
