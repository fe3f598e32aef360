package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code storage_encryption} and Loki's S3 {@code sse} block are written in the file and on the command line. */
class EncryptionSettingsTest {
    @TempDir
    Path dir;

    private ConfigLoader.LoadedConfig load(String yaml, String... flags) throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        String[] args = new String[flags.length + 1];
        args[0] = "-config.file=" + f;
        System.arraycopy(flags, 0, args, 1, flags.length);
        return ConfigLoader.load(args, name -> null);
    }

    @Test
    void storageEncryptionIsReadFromTheFileAndFlags() throws Exception {
        var loaded = load("""
                storage_encryption:
                  key_file: /etc/sigyn/kek
                  previous_key_files:
                    - /etc/sigyn/kek.2024
                    - /etc/sigyn/kek.2023
                """);
        assertEquals(new EncryptionConfig("/etc/sigyn/kek", "", List.of("/etc/sigyn/kek.2024", "/etc/sigyn/kek.2023")),
                loaded.config().common().storage().encryption());
        assertEquals("SIGYN_KEK", load("", "-storage-encryption.key-env=SIGYN_KEK").config().common().storage()
                .encryption().keyEnv());
        assertEquals(EncryptionConfig.defaults(), load("").config().common().storage().encryption());
        assertEquals(new EncryptionConfig("/etc/sigyn/kek", "", List.of(), true), load("""
                storage_encryption:
                  key_file: /etc/sigyn/kek
                  wal: true
                """).config().common().storage().encryption());
        assertEquals(true, load("", "-storage-encryption.wal=true").config().common().storage().encryption().wal());
    }

    @Test
    void sseIsReadUnderBothOfLokisS3Blocks() throws Exception {
        var aws = load("""
                storage_config:
                  aws:
                    bucketnames: logs
                    sse:
                      type: SSE-KMS
                      kms_key_id: alias/loki
                      kms_encryption_context: '{"team": "logs"}'
                """).config().common().storage().s3();
        assertEquals(new CommonConfig.SseConfig("SSE-KMS", "alias/loki", "{\"team\": \"logs\"}"), aws.sse());
        var common = load("""
                common:
                  storage:
                    s3:
                      bucketnames: logs
                      sse:
                        type: SSE-S3
                """).config().common().storage().s3();
        assertEquals("SSE-S3", common.sse().type());
        assertEquals("SSE-S3", load("", "-s3.buckets=logs", "-s3.sse.type=SSE-S3").config().common().storage().s3()
                .sse().type());
    }

    @Test
    void anUnknownSseTypeOrAContextThatIsNotAJsonObjectIsRefused() {
        var type = assertThrows(ConfigException.class, () -> load("""
                storage_config:
                  aws:
                    sse:
                      type: AES256
                """));
        assertTrue(type.getMessage().contains("storage_config.aws.sse.type: invalid value \"AES256\": must be SSE-S3 or"
                + " SSE-KMS"), type.getMessage());
        var context = assertThrows(ConfigException.class, () -> load("""
                common:
                  storage:
                    s3:
                      sse:
                        kms_encryption_context: team=logs
                """));
        assertTrue(context.getMessage().contains("common.storage.s3.sse.kms_encryption_context: invalid value"),
                context.getMessage());
    }
}
