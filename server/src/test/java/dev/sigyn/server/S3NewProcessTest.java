package dev.sigyn.server;

import dev.sigyn.config.SigynConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@link StoreNewProcessTest} on an S3 bucket (S3Proxy in the test): the second Sigyn shares nothing but the bucket. */
class S3NewProcessTest extends StoreNewProcessTest {
    @TempDir
    static Path tmp;
    private S3TestProxy s3;

    @Override
    SigynConfig config(Path dataDir) throws Exception {
        if (s3 == null) s3 = S3TestProxy.start(tmp.resolve("s3"));
        return s3.configure(TestServer.conformanceConfig(dataDir));
    }

    @Override
    long countObjects(String prefix) throws Exception {
        assertFalse(Files.exists(tmp.resolve("writer/chunks")), "with a bucket configured nothing goes to a local chunks directory");
        return s3.list(prefix).size();
    }

    @Override
    Path scratch() {
        return tmp;
    }

    @AfterAll
    void stopS3() throws Exception {
        if (s3 != null) s3.close();
    }
}
