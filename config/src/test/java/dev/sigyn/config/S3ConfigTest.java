package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loki's S3 keys and flags, in both of Loki's places, and how {@code /config} prints them. */
class S3ConfigTest {
    @TempDir
    Path dir;

    private ConfigLoader.LoadedConfig load(String yaml, String... flags) throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        String[] args = new String[flags.length + 1];
        args[0] = "-config.file=" + f;
        System.arraycopy(flags, 0, args, 1, flags.length);
        return ConfigLoader.load(args, name -> name.equals("S3_SECRET") ? "s3cr3t" : null);
    }

    @Test
    void defaultIsNoS3() {
        assertFalse(SigynConfig.defaults().common().storage().s3().isConfigured());
    }

    @Test
    void readsTheCommonBlock() throws Exception {
        var loaded = load("""
                common:
                  storage:
                    s3:
                      endpoint: minio:9000
                      bucketnames: loki
                      access_key_id: admin
                      secret_access_key: supersecret
                      region: us-east-1
                      insecure: true
                      s3forcepathstyle: true
                      session_token: ignored
                """);
        var s3 = loaded.config().common().storage().s3();
        assertEquals(new CommonConfig.S3Config("", "minio:9000", "loki", "admin", "supersecret", "us-east-1", true,
                true), s3);
        assertTrue(s3.isConfigured());
        assertEquals(List.of("common.storage.s3.session_token is a Loki setting that Sigyn does not use; it is ignored"),
                loaded.warnings());
    }

    @Test
    void readsStorageConfigAwsAndLetsFlagsOverride() throws Exception {
        var loaded = load("""
                storage_config:
                  aws:
                    endpoint: s3.example.com
                    bucketnames: from-file
                    secret_access_key: ${S3_SECRET}
                  boltdb_shipper:
                    active_index_directory: /loki/index
                """, "-config.expand-env=true", "-s3.buckets=from-flag", "-s3.force-path-style");
        var s3 = loaded.config().common().storage().s3();
        assertEquals("s3.example.com", s3.endpoint());
        assertEquals("from-flag", s3.bucketNames());
        assertEquals("s3cr3t", s3.secretAccessKey());
        assertTrue(s3.forcePathStyle());
        assertEquals(1, loaded.warnings().size(), loaded.warnings().toString());
    }

    @Test
    void theCommonBlockReplacesStorageConfigAwsAsInLoki() throws Exception {
        var s3 = load("""
                common:
                  storage:
                    s3:
                      bucketnames: common-bucket
                storage_config:
                  aws:
                    bucketnames: aws-bucket
                    endpoint: aws-endpoint
                """).config().common().storage().s3();
        assertEquals("common-bucket", s3.bucketNames());
        assertEquals("", s3.endpoint());
    }

    @Test
    void theUrlAloneNamesTheBucket() throws Exception {
        var s3 = load("", "-common.storage.s3.url=s3://key:secret@eu-west-1/logs").config().common().storage().s3();
        assertTrue(s3.isConfigured());
        assertFalse(load("", "-s3.url=s3://key:secret@eu-west-1").config().common().storage().s3().isConfigured());
    }

    @Test
    void severalBucketsAreRefused() {
        var e = assertThrows(ConfigException.class, () -> load("", "-s3.buckets=a,b"));
        assertTrue(e.getMessage().contains("single bucket"), e.getMessage());
    }

    @Test
    void printingMasksSecretsLikeLoki() throws Exception {
        var config = load("", "-s3.secret-access-key=supersecret", "-s3.url=s3://key:urlsecret@host:9000/b",
                "-s3.access-key-id=admin").config();
        String yaml = ConfigYaml.toYaml(config);
        assertFalse(yaml.contains("supersecret"), yaml);
        assertFalse(yaml.contains("urlsecret"), yaml);
        assertTrue(yaml.contains("secret_access_key: '********'") || yaml.contains("secret_access_key: \"********\""),
                yaml);
        assertTrue(yaml.contains("s3://key:********@host:9000/b"), yaml);
        assertTrue(yaml.contains("access_key_id: admin"), yaml);
        assertFalse(config.common().storage().s3().toString().contains("supersecret"));
    }
}
