package dev.sigyn.store.s3;

import dev.sigyn.config.CommonConfig.SseConfig;
import dev.sigyn.config.KmsContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server-side encryption S3 is asked for on every PUT, as Loki's {@code sse} block sets it: {@code SSE-S3} (keys
 * S3 manages) or {@code SSE-KMS} (a KMS key, with an optional encryption context). This is S3's encryption of the
 * stored bytes, independent of Sigyn's own {@code storage_encryption}; both can be on.
 *
 * @param headers the request headers that ask for it; empty for none
 */
public record ServerSideEncryption(Map<String, String> headers) {
    public static final ServerSideEncryption NONE = new ServerSideEncryption(Map.of());

    public ServerSideEncryption {
        headers = Map.copyOf(headers);
    }

    /** The headers {@code sse} asks for; throws IllegalArgumentException naming what is wrong with it. */
    public static ServerSideEncryption of(SseConfig sse) {
        Map<String, String> h = new LinkedHashMap<>();
        switch (sse.type()) {
            case "" -> {
                return NONE;
            }
            case SseConfig.SSE_S3 -> h.put("x-amz-server-side-encryption", "AES256");
            case SseConfig.SSE_KMS -> {
                if (sse.kmsKeyId().isBlank()) {
                    throw new IllegalArgumentException("S3: sse.kms_key_id is required when sse.type is SSE-KMS");
                }
                h.put("x-amz-server-side-encryption", "aws:kms");
                h.put("x-amz-server-side-encryption-aws-kms-key-id", sse.kmsKeyId());
                if (!sse.kmsEncryptionContext().isBlank()) {
                    // S3 takes the context as base64 of its JSON; parsing first refuses a context that is not one.
                    KmsContext.parse(sse.kmsEncryptionContext());
                    h.put("x-amz-server-side-encryption-context", Base64.getEncoder().encodeToString(
                            sse.kmsEncryptionContext().strip().getBytes(StandardCharsets.UTF_8)));
                }
            }
            default -> throw new IllegalArgumentException("S3: sse.type must be SSE-S3 or SSE-KMS, got " + sse.type());
        }
        return new ServerSideEncryption(h);
    }
}
