package dev.sigyn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.kafka.testkit.TestCertificates;
import dev.sigyn.kafka.testkit.TestCertificates.Ca;
import dev.sigyn.store.s3.S3BlobStore;
import dev.sigyn.store.s3.S3Options;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.Constants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Loki's {@code storage_config.aws.http_config} ({@code common.storage.s3.http_config} alike) against an S3 server
 * that speaks HTTPS with a certificate of a test CA: {@code ca_file} makes Sigyn trust it, {@code
 * insecure_skip_verify} skips the check, and without either the JVM's CAs refuse it.
 */
class S3HttpsTest {
    private static final String KEY = "sigyn-test", SECRET = "sigyn-test-secret", BUCKET = "sigyn-chunks";

    @TempDir
    Path dir;
    private final Ca ca = TestCertificates.newCa("s3-ca");
    private S3Proxy proxy;
    private String caFile;

    @BeforeEach
    void start() throws Exception {
        Path keyStore = ca.issue("s3").writePkcs12(dir.resolve("s3.p12"), "changeit");
        caFile = ca.writeCertificate(dir.resolve("s3-ca.pem")).toString();
        Path objects = Files.createDirectories(dir.resolve("objects"));
        Files.createDirectories(objects.resolve(BUCKET));
        Properties props = new Properties();
        props.setProperty(Constants.PROPERTY_IDENTITY, KEY);
        props.setProperty(Constants.PROPERTY_CREDENTIAL, SECRET);
        props.setProperty("jclouds.filesystem.basedir", objects.toString());
        proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", props))
                .awsAuthentication(AuthenticationType.AWS_V4, KEY, SECRET)
                .secureEndpoint(URI.create("https://127.0.0.1:0")).keyStore(keyStore.toString(), "changeit")
                .stopTimeout(0).build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!proxy.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("S3Proxy did not start");
            Thread.sleep(10);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) proxy.stop();
    }

    /** The bucket as a user configures it, over HTTPS ({@code insecure: false}). */
    private CommonConfig.S3Config s3(boolean insecureSkipVerify, String caFile) {
        return new CommonConfig.S3Config("", "localhost:" + proxy.getSecurePort(), BUCKET, KEY, SECRET, "us-east-1",
                false, true).withHttpTls(insecureSkipVerify, caFile);
    }

    @Test
    void aServerFlushesChunksToAnHttpsBucketWhoseCaIsInCaFile() throws Exception {
        SigynConfig d = SigynConfig.defaults();
        SigynConfig config = TestServer.conformanceConfig(dir.resolve("data")).withCommon(new CommonConfig(
                dir.resolve("data").toString(), new CommonConfig.StorageConfig(d.common().storage().filesystem(),
                s3(false, caFile))));
        try (TestServer s = TestServer.start(config)) {
            String push = "{\"streams\":[{\"stream\":{\"app\":\"s3\"},\"values\":[[\""
                    + System.currentTimeMillis() * 1_000_000L + "\",\"to the bucket\"]]}]}";
            assertEquals(204, s.post("/loki/api/v1/push", "t", push.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json")).statusCode());
            assertEquals(204, s.post("/flush", null, new byte[0], Map.of()).statusCode());
        }
        try (S3BlobStore store = new S3BlobStore(S3Options.fromConfig(s3(false, caFile)).orElseThrow())) {
            assertTrue(!store.list("chunks/").isEmpty(), "the flush stored no chunk over HTTPS");
        }
    }

    @Test
    void withoutCaFileTheTestCaIsNotTrustedUnlessVerificationIsSkipped() throws Exception {
        try (S3BlobStore store = new S3BlobStore(S3Options.fromConfig(s3(false, "")).orElseThrow())) {
            IOException e = assertThrows(IOException.class, () -> store.put("probe", new byte[]{1}));
            assertTrue(causes(e).contains("SSL") || causes(e).contains("certification path"), causes(e));
        }
        try (S3BlobStore store = new S3BlobStore(S3Options.fromConfig(s3(true, "")).orElseThrow())) {
            store.put("probe", new byte[]{1});
            assertEquals(1, store.get("probe").length);
        }
    }

    private static String causes(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (; t != null; t = t.getCause()) b.append(t).append(" / ");
        return b.toString();
    }
}
