package dev.sigyn.config;

/** {@code common:} block: where data lives. Sigyn's single binary defaults {@code path_prefix} to {@code data}. */
public record CommonConfig(String pathPrefix, StorageConfig storage) {
    public static CommonConfig defaults() {
        return new CommonConfig("data", StorageConfig.defaults());
    }

    /**
     * {@code common.storage:} block.
     *
     * @param s3         the effective S3 settings: {@code common.storage.s3} when any of its keys is set (as in Loki,
     *                   it then replaces {@code storage_config.aws}), else {@code storage_config.aws}
     * @param encryption the top-level {@code storage_encryption} block: how objects are encrypted whichever the backend
     */
    public record StorageConfig(FilesystemConfig filesystem, S3Config s3, EncryptionConfig encryption) {
        /** Storage without encryption at rest. */
        public StorageConfig(FilesystemConfig filesystem, S3Config s3) {
            this(filesystem, s3, EncryptionConfig.defaults());
        }

        public static StorageConfig defaults() {
            return new StorageConfig(FilesystemConfig.defaults(), S3Config.defaults(), EncryptionConfig.defaults());
        }

        public StorageConfig withEncryption(EncryptionConfig encryption) {
            return new StorageConfig(filesystem, s3, encryption);
        }
    }

    /**
     * {@code common.storage.filesystem:} block; an empty directory means "under path_prefix". Loki's
     * {@code rules_directory} is ignored: Sigyn's local rules live in {@code ruler.storage.local.directory}.
     */
    public record FilesystemConfig(String chunksDirectory) {
        public static FilesystemConfig defaults() {
            return new FilesystemConfig("");
        }
    }

    /**
     * S3 object storage ({@code common.storage.s3} or {@code storage_config.aws}), with Loki's key names. Every field
     * is empty or false by default; S3 is used when a bucket is named ({@link #isConfigured()}).
     *
     * @param url             {@code s3}: all in one URL, {@code s3://key:secret@region-or-host/bucket}; the separate
     *                        keys win over the parts of the URL
     * @param endpoint        {@code endpoint}: host[:port] of the S3 service; empty means AWS for the region
     * @param bucketNames     {@code bucketnames}: the bucket (Sigyn uses exactly one)
     * @param insecure        {@code insecure}: plain HTTP instead of HTTPS
     * @param forcePathStyle  {@code s3forcepathstyle}: {@code host/bucket/key} URLs instead of {@code bucket.host/key}
     * @param sse             {@code sse}: server-side encryption asked of S3 on every write
     * @param insecureSkipVerify {@code http_config.insecure_skip_verify}: HTTPS without checking the endpoint's
     *                        certificate or host name
     * @param caFile          {@code http_config.ca_file}: PEM file of the CAs that sign the endpoint's certificate,
     *                        trusted instead of the JVM's (as Go's root CAs)
     */
    public record S3Config(String url, String endpoint, String bucketNames, String accessKeyId,
                           String secretAccessKey, String region, boolean insecure, boolean forcePathStyle,
                           SseConfig sse, boolean insecureSkipVerify, String caFile) {
        /** S3 without server-side encryption settings, trusting the JVM's CAs. */
        public S3Config(String url, String endpoint, String bucketNames, String accessKeyId, String secretAccessKey,
                        String region, boolean insecure, boolean forcePathStyle) {
            this(url, endpoint, bucketNames, accessKeyId, secretAccessKey, region, insecure, forcePathStyle,
                    SseConfig.defaults(), false, "");
        }

        public static S3Config defaults() {
            return new S3Config("", "", "", "", "", "", false, false, SseConfig.defaults(), false, "");
        }

        public S3Config withSse(SseConfig sse) {
            return new S3Config(url, endpoint, bucketNames, accessKeyId, secretAccessKey, region, insecure,
                    forcePathStyle, sse, insecureSkipVerify, caFile);
        }

        public S3Config withHttpTls(boolean insecureSkipVerify, String caFile) {
            return new S3Config(url, endpoint, bucketNames, accessKeyId, secretAccessKey, region, insecure,
                    forcePathStyle, sse, insecureSkipVerify, caFile);
        }

        /** True when a bucket is named, in {@code bucketnames} or in the URL: then Sigyn stores chunks in S3. */
        public boolean isConfigured() {
            return !bucketNames.isBlank() || urlNamesBucket();
        }

        private boolean urlNamesBucket() {
            if (url.isBlank()) return false;
            int scheme = url.indexOf("://");
            String rest = scheme < 0 ? url : url.substring(scheme + 3);
            int slash = rest.indexOf('/');
            return slash >= 0 && !rest.substring(slash + 1).replace("/", "").isBlank();
        }

        /** Shows everything but the secret, so the configuration can be logged. */
        @Override
        public String toString() {
            return "S3Config[url=" + Secrets.maskUrl(url) + ", endpoint=" + endpoint + ", bucketNames=" + bucketNames
                    + ", accessKeyId=" + accessKeyId + ", secretAccessKey=" + Secrets.mask(secretAccessKey)
                    + ", region=" + region + ", insecure=" + insecure + ", forcePathStyle=" + forcePathStyle
                    + ", sse=" + sse + ", insecureSkipVerify=" + insecureSkipVerify + ", caFile=" + caFile + "]";
        }
    }

    /**
     * Loki's {@code sse} block of the S3 settings: the server-side encryption S3 applies to each object it stores.
     *
     * @param type                 {@code type}: empty (none), {@code SSE-S3} (keys managed by S3) or {@code SSE-KMS}
     * @param kmsKeyId             {@code kms_key_id}: the KMS key for {@code SSE-KMS}, required with it
     * @param kmsEncryptionContext {@code kms_encryption_context}: a JSON object of strings, sent with {@code SSE-KMS}
     */
    public record SseConfig(String type, String kmsKeyId, String kmsEncryptionContext) {
        public static final String SSE_S3 = "SSE-S3";
        public static final String SSE_KMS = "SSE-KMS";

        public static SseConfig defaults() {
            return new SseConfig("", "", "");
        }
    }
}
