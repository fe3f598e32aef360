package dev.sigyn.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.config.CommonConfig;
import org.junit.jupiter.api.Test;

class S3OptionsTest {
    private static CommonConfig.S3Config config(String url, String endpoint, String bucket, String region,
                                                boolean insecure) {
        return new CommonConfig.S3Config(url, endpoint, bucket, "", "", region, insecure, false);
    }

    @Test
    void noBucketMeansNoS3() {
        assertTrue(S3Options.fromConfig(CommonConfig.S3Config.defaults()).isEmpty());
    }

    @Test
    void endpointSchemeFollowsInsecure() {
        assertEquals("http://minio:9000", S3Options.fromConfig(config("", "minio:9000", "b", "", true)).orElseThrow().endpoint());
        assertEquals("https://minio:9000", S3Options.fromConfig(config("", "minio:9000", "b", "", false)).orElseThrow().endpoint());
    }

    @Test
    void withoutEndpointTheRegionsAwsEndpointIsUsed() {
        assertEquals("https://s3.eu-west-1.amazonaws.com",
                S3Options.fromConfig(config("", "", "b", "eu-west-1", false)).orElseThrow().endpoint());
    }

    @Test
    void theUrlFormGivesCredentialsRegionAndBucket() {
        S3Options o = S3Options.fromConfig(config("s3://AKID:se%2Fcret@eu-west-1/logs", "", "", "", false)).orElseThrow();
        assertEquals("logs", o.bucket());
        assertEquals("AKID", o.accessKeyId());
        assertEquals("se/cret", o.secretAccessKey());
        assertEquals("eu-west-1", o.region());
        assertEquals("https://s3.eu-west-1.amazonaws.com", o.endpoint());
        assertFalse(o.toString().contains("se/cret"));
        S3Options host = S3Options.fromConfig(config("s3://k:s@minio.local:9000/b", "", "", "", true)).orElseThrow();
        assertEquals("http://minio.local:9000", host.endpoint());
    }
}
