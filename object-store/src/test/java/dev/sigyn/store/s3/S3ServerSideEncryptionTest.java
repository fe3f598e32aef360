package dev.sigyn.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.CommonConfig.SseConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Loki's {@code sse} settings reach S3: every PUT carries the server-side encryption headers they ask for. The S3
 * side is a recording endpoint on a loopback port that answers PUTs as S3 does, so the headers are seen as sent.
 */
class S3ServerSideEncryptionTest {
    private HttpServer s3;
    private final List<Map<String, String>> puts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startRecordingS3() throws Exception {
        s3 = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s3.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestMethod().equals("PUT")) {
                Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.getFirst()));
                puts.add(headers);
            }
            exchange.getResponseHeaders().add("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        s3.start();
    }

    @AfterEach
    void stop() {
        s3.stop(0);
    }

    private Map<String, String> putOnce(SseConfig sse) throws Exception {
        var config = new CommonConfig.S3Config("", "127.0.0.1:" + s3.getAddress().getPort(), "chunks", "key",
                "secret", "us-east-1", true, true).withSse(sse);
        try (var store = new S3BlobStore(S3Options.fromConfig(config).orElseThrow())) {
            store.put("chunks/fake/abc", "line".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(1, puts.size(), "one PUT");
        return puts.getFirst();
    }

    @Test
    void withoutSseNoEncryptionHeaderIsSent() throws Exception {
        assertFalse(putOnce(SseConfig.defaults()).containsKey("x-amz-server-side-encryption"));
    }

    @Test
    void sseS3AsksS3ToEncryptWithItsOwnKeys() throws Exception {
        Map<String, String> headers = putOnce(new SseConfig("SSE-S3", "", ""));
        assertEquals("AES256", headers.get("x-amz-server-side-encryption"));
        assertFalse(headers.containsKey("x-amz-server-side-encryption-aws-kms-key-id"));
    }

    @Test
    void sseKmsSendsTheKmsKeyIdAndTheEncryptionContext() throws Exception {
        Map<String, String> headers = putOnce(new SseConfig("SSE-KMS", "arn:aws:kms:eu-west-1:1234:key/abcd",
                "{\"team\": \"logs\"}"));
        assertEquals("aws:kms", headers.get("x-amz-server-side-encryption"));
        assertEquals("arn:aws:kms:eu-west-1:1234:key/abcd", headers.get("x-amz-server-side-encryption-aws-kms-key-id"));
        String context = new String(Base64.getDecoder().decode(headers.get("x-amz-server-side-encryption-context")),
                StandardCharsets.UTF_8);
        assertEquals("{\"team\": \"logs\"}", context);
        assertTrue(headers.get("authorization").contains("x-amz-server-side-encryption"),
                "the headers are signed: " + headers.get("authorization"));
    }

    @Test
    void sseKmsWithoutAKeyIdIsRefusedAtStartUp() {
        var config = CommonConfig.S3Config.defaults().withSse(new SseConfig("SSE-KMS", "", ""));
        var e = assertThrows(IllegalArgumentException.class, () -> S3Options.fromConfig(
                new CommonConfig.S3Config("", "minio:9000", "b", "", "", "", true, true).withSse(config.sse())));
        assertEquals("S3: sse.kms_key_id is required when sse.type is SSE-KMS", e.getMessage());
    }
}
