package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Settings mean what they say: every key {@code /config} shows (the whole table in {@link Settings}) changes what
 * Sigyn does, or refuses the values it cannot honour at start-up. For each key this names the test that proves it,
 * beside the component it governs: a test that sets the key (its file holds the code that does) and asserts what a
 * user sees change. A key added to the table without such a test fails here, as does a proof that was renamed away.
 */
class SettingsHonouredTest {
    private static final Path ROOT = Path.of("..");

    /** A test method, and the text in its file that sets the key to a value other than the default. */
    private record Proof(String file, String method, String setsKey) {}

    private static Proof proof(String file, String method, String setsKey) {
        return new Proof(file, method, setsKey);
    }

    private static final String SERVER = "server/src/test/java/dev/sigyn/server/";
    private static final String DISTRIBUTOR = "distributor/src/test/java/dev/sigyn/distributor/";
    private static final String INGESTER = "ingester/src/test/java/dev/sigyn/ingester/";
    private static final String QUERIER = "querier/src/test/java/dev/sigyn/querier/";
    private static final String COMPACTOR = "compactor/src/test/java/dev/sigyn/compactor/";
    private static final String S3 = "object-store/src/test/java/dev/sigyn/store/s3/";
    private static final String CONFIG = "config/src/test/java/dev/sigyn/config/";
    private static final String RULER = "ruler/src/test/java/dev/sigyn/ruler/";
    private static final String WRITELOG = "writelog/src/test/java/dev/sigyn/writelog/";
    private static final String MICROSERVICES = SERVER + "MicroservicesProcessTest.java";
    private static final String THROUGH_THE_CLUSTER =
            "aPushToTheDistributorIsQueriedFromTheIngesterThroughItsInternalPortAndCheckpointed";

    /** Built-in authentication and the audit log. */
    private static Map<String, List<Proof>> authProofs() {
        String auth = SERVER + "AuthenticationTest.java";
        String oidc = SERVER + "OidcAuthenticationTest.java";
        String audit = SERVER + "AuditLogTest.java";
        String matrix = "everyRouteAnswers401WithoutValidCredentialsAnd403WithoutItsGrantAndOpensWithIt";
        String fromUrl = "keysMayComeFromTheProvidersJwksUrl";
        String refused = "tokensThatAreNotTheProvidersValidOnesAre401";
        String rotated = "jsonLinesAndPushesWhenAskedAndTheFileIsRotatedAtItsSize";
        return Map.ofEntries(
                Map.entry("auth.users", List.of(proof(auth, matrix, "withUsers("))),
                Map.entry("auth.tokens", List.of(proof(auth, "aTokenMayBeSentAsBasicAuthForClientsThatOnlyHaveThat",
                        "withTokens("))),
                Map.entry("auth.oidc.jwks_file", List.of(proof(oidc, "aValidTokenReadsItsTenants",
                        "new AuthConfig.Oidc(jwks.toString()"))),
                Map.entry("auth.oidc.jwks_url", List.of(proof(oidc, fromUrl, "getPort() + \"/keys\""))),
                Map.entry("auth.oidc.issuer", List.of(proof(oidc, refused, "ISSUER, AUDIENCE"))),
                Map.entry("auth.oidc.audience", List.of(proof(oidc, refused, "ISSUER, AUDIENCE"))),
                Map.entry("auth.oidc.tenants_claim", List.of(proof(oidc, fromUrl, "\"orgs\", \"email\""))),
                Map.entry("auth.oidc.username_claim", List.of(proof(oidc, fromUrl, "\"orgs\", \"email\""))),
                Map.entry("auth.oidc.default_roles", List.of(proof(oidc, fromUrl, "List.of(\"read\", \"push\")"))),
                Map.entry("auth.audit_log", List.of(proof(audit, "readsDeletesAndRefusalsAreAuditedWithoutSecrets",
                        "withAuditLog(file.toString())"))),
                Map.entry("auth.audit_log_format", List.of(proof(audit, rotated, "withAuditLogFormat(\"json\")"))),
                Map.entry("auth.audit_log_max_size", List.of(proof(audit, rotated, "withAuditLogMaxSize(4096)"))),
                Map.entry("auth.audit_log_max_files", List.of(proof(audit, rotated, "withAuditLogMaxFiles(2)"))),
                Map.entry("auth.audit_pushes", List.of(proof(audit, rotated, "withAuditPushes(true)"))),
                Map.entry("auth.open_paths", List.of(proof(auth, "openPathsAreConfigurable",
                        "withOpenPaths(List.of(\"/ready\"))"))),
                Map.entry("auth.max_failed_attempts_per_minute", List.of(proof(auth,
                        "repeatedFailuresFromOneAddressAreRefusedForAWhileEvenWithTheRightPassword", "config(dir, 3)"))));
    }

    /** Microservices mode's keys: the Kafka clients' settings, the topic, and how processes find one another. */
    private static Map<String, List<Proof>> kafkaProofs() {
        String clients = WRITELOG + "KafkaClientsTest.java";
        String topics = WRITELOG + "TopicSetupTest.java";
        String pusher = WRITELOG + "KafkaPusherTest.java";
        return Map.ofEntries(
                Map.entry("server.grpc_listen_port", List.of(proof(MICROSERVICES, THROUGH_THE_CLUSTER,
                        "new ClusterConfig(backendGrpcPort"))),
                Map.entry("common.instance_addr", List.of(proof(MICROSERVICES, THROUGH_THE_CLUSTER,
                        "\"@127.0.0.1:\" + backendGrpcPort"))),
                Map.entry("kafka_config.address", List.of(proof(clients, "everyClientFindsTheBrokersAndNamesItsRole",
                        "withAddress(\"k1:9092,k2:9092\")"))),
                Map.entry("kafka_config.topic", List.of(proof(MICROSERVICES, THROUGH_THE_CLUSTER,
                        "withTopic(\"proof\", 3, 1)"))),
                Map.entry("kafka_config.client_id", List.of(proof(clients, "aClientIdPrefixReplacesSigyns",
                        "\"eu-west-distributor\""))),
                Map.entry("kafka_config.dial_timeout", List.of(proof(topics,
                        "unreachableBrokersAreNamedWithinAFewDialTimeouts", "did not answer within 3s"))),
                Map.entry("kafka_config.write_timeout", List.of(proof(pusher,
                        "withKafkaNotRunningAPushFailsWithinWriteTimeoutSayingWhyAndLaterOnesAreRefusedAtOnce",
                        "within 3s: "))),
                Map.entry("kafka_config.producer_max_record_size_bytes", List.of(proof(pusher,
                        "aLargeStreamIsSplitInOrderIntoRecordsUnderTheSizeLimit", "maxRecordBytes(10_000)"))),
                Map.entry("kafka_config.consumer_group", List.of(proof(MICROSERVICES, THROUGH_THE_CLUSTER,
                        "\"proof-ingesters\""))),
                Map.entry("kafka_config.auto_create_topic_enabled", List.of(proof(topics,
                        "anAbsentTopicThatMayNotBeCreatedIsNamedWithTheCommandThatCreatesIt", "autoCreate(false)"))),
                Map.entry("kafka_config.auto_create_topic_default_partitions", List.of(proof(topics,
                        "anAbsentTopicIsCreatedWithSafeSettings", "partitions(6, 3)"))),
                Map.entry("kafka_config.replication_factor", List.of(proof(topics,
                        "aTopicWithTooFewReplicasIsRefused", "kafka_config.replication_factor"))),
                Map.entry("kafka_config.checkpoint_interval", List.of(proof(MICROSERVICES, THROUGH_THE_CLUSTER,
                        "withCheckpointInterval(Duration.ofSeconds(1))"))),
                Map.entry("kafka_config.sasl_username", List.of(proof(clients,
                        "saslUsesTheMechanismsLoginModuleWithQuotedCredentials", "withSecurity(\"sigyn\", "))),
                Map.entry("kafka_config.sasl_password", List.of(proof(clients,
                        "saslUsesTheMechanismsLoginModuleWithQuotedCredentials", "withSecurity(\"sigyn\", "))),
                Map.entry("kafka_config.sasl_mechanism", List.of(proof(clients,
                        "saslUsesTheMechanismsLoginModuleWithQuotedCredentials", "\"SCRAM-SHA-512\""))),
                Map.entry("kafka_config.tls_enabled", List.of(proof(clients,
                        "tlsWithoutFilesUsesTheJvmsTrustStore", "withSecurity(\"\", \"\", \"PLAIN\", true"))),
                Map.entry("kafka_config.tls_ca_path", List.of(proof(clients,
                        "tlsTrustsTheCaFileAndPresentsTheClientCertificate", "ca.toString()"))),
                Map.entry("kafka_config.tls_cert_path", List.of(proof(clients,
                        "tlsTrustsTheCaFileAndPresentsTheClientCertificate", "cert.toString()"))),
                Map.entry("kafka_config.tls_key_path", List.of(proof(clients,
                        "aPkcs1KeyOrAMissingKeyFileIsRefusedWithTheFix", "rsa.toString()"))));
    }

    /** The S3 keys are read the same way under both blocks; what they do is the object store's. */
    private static Map<String, List<Proof>> s3Proofs(String block) {
        // storage_config.aws is only used when common.storage.s3 is empty: that choice has its own proof.
        List<Proof> whichBlock = block.equals(Settings.AWS_S3)
                ? List.of(proof(CONFIG + "S3ConfigTest.java", "theCommonBlockReplacesStorageConfigAwsAsInLoki",
                        "storage_config:"))
                : List.of();
        String p = block + ".";
        String sse = S3 + "S3ServerSideEncryptionTest.java";
        List<Proof> sseBlocks = with(whichBlock, proof(CONFIG + "EncryptionSettingsTest.java",
                "sseIsReadUnderBothOfLokisS3Blocks", "sse:"));
        Map<String, List<Proof>> proofs = new java.util.HashMap<>(Map.of(
                p + "sse.type", with(sseBlocks, proof(sse, "sseS3AsksS3ToEncryptWithItsOwnKeys", "\"SSE-S3\"")),
                p + "sse.kms_key_id", with(sseBlocks, proof(sse, "sseKmsSendsTheKmsKeyIdAndTheEncryptionContext",
                        "\"arn:aws:kms:")),
                p + "sse.kms_encryption_context", with(sseBlocks, proof(sse,
                        "sseKmsSendsTheKmsKeyIdAndTheEncryptionContext", "\\\"team\\\": \\\"logs\\\""))));
        proofs.putAll(Map.of(
                p + "s3", with(whichBlock, proof(S3 + "S3OptionsTest.java",
                        "theUrlFormGivesCredentialsRegionAndBucket", "s3://")),
                p + "s3forcepathstyle", with(whichBlock, proof(S3 + "S3BlobStoreTest.java",
                        "forcePathStyleChoosesBetweenPathAndHostNameForTheBucket", "forcePathStyle")),
                p + "bucketnames", with(whichBlock, proof(S3 + "S3BlobStoreTest.java",
                        "anotherClientSeesTheObjects", "newStore(\"chunks\")")),
                p + "endpoint", with(whichBlock, proof(S3 + "S3OptionsTest.java",
                        "endpointSchemeFollowsInsecure", "minio:9000")),
                p + "region", with(whichBlock, proof(S3 + "S3OptionsTest.java",
                        "withoutEndpointTheRegionsAwsEndpointIsUsed", "eu-west-1")),
                p + "access_key_id", with(whichBlock, proof(S3 + "S3BlobStoreTest.java",
                        "wrongCredentialsFailAtOnceWithAnIOException", "KEY, \"wrong\"")),
                p + "secret_access_key", with(whichBlock, proof(S3 + "S3BlobStoreTest.java",
                        "wrongCredentialsFailAtOnceWithAnIOException", "KEY, \"wrong\"")),
                p + "insecure", with(whichBlock, proof(S3 + "S3OptionsTest.java",
                        "endpointSchemeFollowsInsecure", "\"b\", \"\", false"))));
        proofs.putAll(Map.of(
                p + "http_config.insecure_skip_verify", with(whichBlock, proof(SERVER + "S3HttpsTest.java",
                        "withoutCaFileTheTestCaIsNotTrustedUnlessVerificationIsSkipped", "s3(true, \"\")")),
                p + "http_config.ca_file", with(whichBlock, proof(SERVER + "S3HttpsTest.java",
                        "aServerFlushesChunksToAnHttpsBucketWhoseCaIsInCaFile", "s3(false, caFile)"))));
        return proofs;
    }

    /** HTTPS on the public port, TLS on the internal one: what clients see at the handshake. */
    private static Map<String, List<Proof>> tlsProofs() {
        String https = SERVER + "HttpsTest.java";
        String cluster = SERVER + "ClusterTlsTest.java";
        String clusterTest = "theInternalPortTakesNoCleartextAndNoClientWithoutTheClustersCertificate";
        Proof refused = proof(CONFIG + "TlsSettingsTest.java", "refusesAClientAuthTypeGoDoesNotHave",
                "client_auth_type: RequireClientCert");
        return Map.ofEntries(
                Map.entry("server.http_tls_config.cert_file", List.of(proof(https,
                        "httpsAnswersAClientThatTrustsTheCaAndPlainHttpOnTheSamePortGetsNoAnswer",
                        "serverCert(\"\")"))),
                Map.entry("server.http_tls_config.key_file", List.of(proof(https,
                        "keysInPkcs1AndSec1FormTooAreServed", "rsaFiles.key().toString()"))),
                Map.entry("server.http_tls_config.client_auth_type", List.of(proof(https,
                        "requireAndVerifyClientCertRefusesClientsWithoutACertificateOfTheClientCa",
                        "serverCert(\"RequireAndVerifyClientCert\")"), refused)),
                Map.entry("server.http_tls_config.client_ca_file", List.of(proof(https,
                        "verifyClientCertIfGivenTakesClientsWithoutOneButNotWithABadOne",
                        "serverCert(\"VerifyClientCertIfGiven\")"))),
                Map.entry("server.grpc_tls_config.cert_file", List.of(proof(cluster, clusterTest,
                        "new ServerTlsConfig(mutual, mutual"))),
                Map.entry("server.grpc_tls_config.key_file", List.of(proof(cluster, clusterTest,
                        "node.key().toString()"))),
                Map.entry("server.grpc_tls_config.client_auth_type", List.of(proof(cluster, clusterTest,
                        "\"RequireAndVerifyClientCert\""))),
                Map.entry("server.grpc_tls_config.client_ca_file", List.of(proof(cluster,
                        "pushedLinesAreQueriedThroughTheFrontendOverTlsBetweenEveryProcess", "mutual"))),
                Map.entry("server.tls_min_version", List.of(proof(https,
                        "tlsMinVersion13RefusesAClientThatOffersOnlyTls12", "\"VersionTLS13\""))),
                Map.entry("server.tls_cipher_suites", List.of(proof(https,
                        "tlsCipherSuitesLimitTls12ToTheSuitesNamed", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))));
    }

    private static List<Proof> with(List<Proof> first, Proof then) {
        List<Proof> all = new ArrayList<>(first);
        all.add(then);
        return all;
    }

    private static final Map<String, List<Proof>> PROOFS = Stream.of(Map.ofEntries(
            Map.entry("ruler.storage.type", List.of(proof(RULER + "RuleStoresTest.java",
                    "localStorageReadsRuleFilesFromItsDirectoryAndRefusesWrites", "new RulerConfig(\"local\""))),
            Map.entry("ruler.storage.local.directory", List.of(proof(RULER + "RuleStoresTest.java",
                    "localStorageReadsRuleFilesFromItsDirectoryAndRefusesWrites", "dir.toString()"))),
            Map.entry("ruler.enable_api", List.of(proof(RULER + "api/RulesApiTest.java",
                    "withTheApiDisabledItsPathsAreUnknown", "withEnableApi(false)"))),
            // Refusals only until rule evaluation (issue 18, alerting) uses the intervals.
            Map.entry("ruler.evaluation_interval", List.of(proof(CONFIG + "RulerSettingsTest.java",
                    "refusesIntervalsOfZero", "evaluation_interval: 0s"))),
            Map.entry("ruler.poll_interval", List.of(proof(CONFIG + "RulerSettingsTest.java",
                    "refusesIntervalsOfZero", "-ruler.poll-interval=0s"))),
            Map.entry("target", List.of(proof(SERVER + "MicroservicesProcessTest.java",
                    "eachProcessServesTheOperationalEndpointsAndNamesTheTargetOfAnApiItDoesNotServe",
                    "withTarget(\"ingester,querier\")"))),
            Map.entry("auth_enabled", List.of(proof(DISTRIBUTOR + "PushLimitsTest.java",
                    "withAuthEnabledAPushWithoutOrgIdIsUnauthorized", "new PushServer(true"))),
            Map.entry("server.http_listen_address", List.of(proof(SERVER + "SettingProbesTest.java",
                    "theServerListensOnItsHttpListenAddressAndPortOnly", "\"127.0.0.2\""))),
            Map.entry("server.http_listen_port", List.of(proof(SERVER + "SettingProbesTest.java",
                    "theServerListensOnItsHttpListenAddressAndPortOnly", "\"127.0.0.2\", port"))),
            Map.entry("server.log_level", List.of(proof(SERVER + "SettingProbesTest.java",
                    "logLevelSetsWhatIsLogged", "\"debug\""))),
            Map.entry("server.graceful_shutdown_timeout", List.of(proof(SERVER + "SettingProbesTest.java",
                    "aShutdownWaitsForRequestsInProgressUpToTheGracefulShutdownTimeout", "grace)"))),
            Map.entry("server.http_server_read_timeout", List.of(proof(SERVER + "SlowClientsProcessTest.java",
                    "aBodyThatStopsArrivingGets408AndItsConnectionIsClosed", "-server.http-read-timeout="))),
            Map.entry("server.http_server_write_timeout", List.of(proof(SERVER + "SlowClientsProcessTest.java",
                    "anAnswerTheClientDoesNotReadIsCutAtTheWriteTimeout", "-server.http-write-timeout="))),
            Map.entry("server.http_server_idle_timeout", List.of(proof(SERVER + "SlowClientsProcessTest.java",
                    "keptAliveConnectionsThatGoIdleAreClosed", "-server.http-idle-timeout="))),
            Map.entry("common.path_prefix", List.of(proof(SERVER + "SettingProbesTest.java",
                    "dataGoesUnderPathPrefix", "dir.resolve(\"data\")"))),
            Map.entry("common.storage.filesystem.chunks_directory", List.of(proof(SERVER + "SettingProbesTest.java",
                    "theWalAndChunksGoWhereWalDirAndChunksDirectorySay", "new CommonConfig.FilesystemConfig("))),
            Map.entry("storage_encryption.key_file", List.of(proof(SERVER + "EncryptionAtRestTest.java",
                    "anEncryptedBucketRevealsNoTextAndIsReadableOnlyWithTheKey", "config(keyFile(key))"))),
            Map.entry("storage_encryption.key_env", List.of(proof(
                    "object-store/src/test/java/dev/sigyn/store/crypt/KeyRingTest.java",
                    "aKeyFromTheEnvironmentVariableKeyEnvNamesEncryptsAndDecrypts", "\"SIGYN_KEK\""))),
            Map.entry("storage_encryption.previous_key_files", List.of(proof(SERVER + "EncryptionAtRestTest.java",
                    "afterAKeyRotationOldAndNewDataAreQueryableAndWithoutTheOldKeyOldDataFailsClearly",
                    "keyFile(newKey, oldKey)"))),
            Map.entry("storage_encryption.wal", List.of(proof(SERVER + "WalEncryptionTest.java",
                    "withWalEncryptionNoWalFileHoldsLineTextOrLabelValuesAndTheLinesComeBackAfterACrash",
                    "withWal(true)"))),
            Map.entry("distributor.max_recv_msg_size", List.of(proof(DISTRIBUTOR + "PushIntakeBoundsTest.java",
                    "aSnappyBodyDeclaringMoreThanMaxRecvMsgSizeGets413", "new DistributorConfig(maxRecvMsgSize"))),
            Map.entry("distributor.max_inflight_bytes", List.of(proof(DISTRIBUTOR + "PushIntakeBoundsTest.java",
                    "aPushPastTheInflightLimitGets503NamingItAndIsAcceptedOnceThereIsRoom", "maxInflightBytes))"))),
            Map.entry("ingester.chunk_idle_period", List.of(proof(INGESTER + "FlushTest.java",
                    "anIdleChunkIsFlushedAfterTheIdlePeriod", ".periods("))),
            Map.entry("ingester.max_chunk_age", List.of(proof(INGESTER + "FlushTest.java",
                    "aChunkIsFlushedWhenItWasOpenedMaxChunkAgeAgo", ".periods("))),
            Map.entry("ingester.chunk_target_size", List.of(proof(INGESTER + "FlushTest.java",
                    "aChunkIsFlushedWhenItsCompressedBlocksReachTheTargetSize", ".chunkSizes("))),
            Map.entry("ingester.chunk_block_size", List.of(proof(INGESTER + "PushAndQueryTest.java",
                    "queriesReadCutBlocksAndTheHeadTogether", ".chunkSizes(64"))),
            Map.entry("ingester.flush_check_period", List.of(proof(INGESTER + "BacklogTest.java",
                    "aFailingCycleStopsAtTheFirstFailedWriteAndTheLoopBacksOff", "withFlushCheckPeriod("))),
            Map.entry("ingester.wal.enabled", List.of(proof(INGESTER + "WalRecoveryTest.java",
                    "withTheWalDisabledPushesWorkAndNothingIsWritten", ".wal(false"))),
            Map.entry("ingester.wal.dir", List.of(proof(SERVER + "SettingProbesTest.java",
                    "theWalAndChunksGoWhereWalDirAndChunksDirectorySay", "withWalDir("))),
            Map.entry("ingester.wal.flush_on_shutdown", List.of(proof(INGESTER + "FlushTest.java",
                    "closeFlushesEverythingWhenFlushOnShutdownIsSet", ".wal(true, true)"),
                    proof(INGESTER + "WalRecoveryTest.java", "aCleanCloseWithoutFlushKeepsEverythingForTheNextStart",
                            ".wal(true, false)"))),
            Map.entry("ingester.max_unflushed_bytes", List.of(proof(INGESTER + "BacklogTest.java",
                    "pushesAreRefusedPastTheUnflushedLimitAndAcceptedAgainOnceFlushed", "withMaxUnflushedBytes("))),
            Map.entry("querier.engine.max_look_back_period", List.of(proof(QUERIER + "LogQueryApiTest.java",
                    "maxLookBackPeriodSetsHowFarBackAnInstantLogQueryLooks",
                    "new QuerierConfig(Duration.ofSeconds(2)"))),
            Map.entry("querier.tail_max_duration", List.of(proof(SERVER + "TailTest.java",
                    "aTailIsClosedAfterTheMaximumDuration", "new QuerierConfig("))),
            Map.entry("querier.max_concurrent", List.of(proof(QUERIER + "QueryPoolTest.java",
                    "partsRunOnTheQueryThreadsNoMoreAtOnceThanConfigured", "new QueryPool(vertx, 3"))),
            Map.entry("querier.multi_tenant_queries_enabled", List.of(proof(SERVER + "LabelAccessTest.java",
                    "aMultiTenantQueryLabelsEachStreamWithItsTenant", "withMultiTenantQueriesEnabled(true)"))),
            Map.entry("compactor.compaction_interval", List.of(proof(COMPACTOR + "CompactorTest.java",
                    "passesRunAtStartAndThenEveryCompactionInterval", "withCompactionInterval("))),
            Map.entry("compactor.retention_enabled", List.of(proof(SERVER + "RetentionTest.java",
                    "withRetentionDisabledNothingExpires", "withRetentionEnabled(false)"))),
            Map.entry("compactor.retention_delete_delay", List.of(proof(COMPACTOR + "CompactorTest.java",
                    "chunkObjectsStayUntilTheDeleteDelayHasPassed", "withRetentionDeleteDelay("))),
            Map.entry("compactor.delete_request_cancel_period", List.of(proof(COMPACTOR + "CompactorTest.java",
                    "aDeleteRequestIsProcessedAfterItsCancelPeriodAndRewritesTheChunks",
                    "withDeleteRequestCancelPeriod("))),
            Map.entry("chunk_store_config.chunk_cache_config.embedded_cache.max_size_mb", List.of(proof(
                    QUERIER + "store/StoreCachesTest.java", "aZeroSizedCacheKeepsNothing",
                    "source(store, 0, 1 << 20)"))),
            Map.entry("storage_config.index_queries_cache_config.embedded_cache.max_size_mb", List.of(proof(
                    QUERIER + "store/StoreCachesTest.java", "aZeroSizedIndexCacheReadsTheIndexForEveryQuery",
                    "source(store, 1 << 20, 0)"))),
            Map.entry("query_range.cache_results", List.of(proof(QUERIER + "SplitQueriesTest.java",
                    "resultsFollowTheCacheSwitchAndSize", "new CacheConfig(100, 100, false, 100)"))),
            Map.entry("query_range.results_cache.cache.embedded_cache.max_size_mb", List.of(proof(
                    QUERIER + "SplitQueriesTest.java", "resultsFollowTheCacheSwitchAndSize",
                    "new CacheConfig(100, 100, true, 0)"))),
            Map.entry("runtime_config.file", List.of(proof(SERVER + "RuntimeOverridesTest.java",
                    "aTenantsOverridesApplyToItsPushesAndQueriesOnly", "new RuntimeConfig("),
                    proof(SERVER + "RuntimeOverridesTest.java", "aBrokenFileFailsStartUpWithTheReason",
                            "max_line_sise"))),
            Map.entry("runtime_config.period", List.of(proof(SERVER + "RuntimeOverridesTest.java",
                    "aChangedFileAppliesWithinOnePeriodAndABrokenOneKeepsTheLastGood", "Duration.ofMillis(200)"))),
            Map.entry("limits_config.ingestion_rate_mb", List.of(proof(DISTRIBUTOR + "PushLimitsTest.java",
                    "pushOverTheIngestionRateIsRefusedWholeUntilTokensRefill", "PushServer.limits(0.001"))),
            Map.entry("limits_config.ingestion_burst_size_mb", List.of(proof(DISTRIBUTOR + "PushLimitsTest.java",
                    "pushLargerThanTheBurstIsNeverAdmitted", "PushServer.limits(0.001, 0.002"))),
            Map.entry("limits_config.max_line_size", List.of(proof(DISTRIBUTOR + "PushValidationTest.java",
                    "lineTooLongIsRefusedCountingUtf8Bytes", "PushServer.limits(4, 6, 10,"),
                    proof(SERVER + "RuntimeOverridesTest.java",
                            "aChangedFileAppliesWithinOnePeriodAndABrokenOneKeepsTheLastGood", "max_line_size: 30B"))),
            Map.entry("limits_config.max_label_names_per_series", List.of(proof(DISTRIBUTOR
                    + "PushValidationTest.java", "tooManyLabelNamesAreRefused",
                    "PushServer.limits(4, 6, 256 * 1024, 2,"))),
            Map.entry("limits_config.max_label_name_length", List.of(proof(DISTRIBUTOR + "PushValidationTest.java",
                    "labelNameTooLongIsRefused", "PushServer.limits(4, 6, 256 * 1024, 15, 5,"))),
            Map.entry("limits_config.max_label_value_length", List.of(proof(DISTRIBUTOR + "PushValidationTest.java",
                    "labelValueTooLongIsRefusedCountingUtf8Bytes", "15, 1024, 4)"))),
            Map.entry("limits_config.reject_old_samples", List.of(proof(DISTRIBUTOR + "PushValidationTest.java",
                    "oldEntriesAreAcceptedWhenRejectOldSamplesIsOff", "withRejectOldSamples(false)"))),
            Map.entry("limits_config.reject_old_samples_max_age", List.of(proof(DISTRIBUTOR
                    + "PushValidationTest.java", "rejectOldSamplesMaxAgeAndCreationGracePeriodSetTheAcceptedWindow",
                    "withRejectOldSamplesMaxAge(Duration.ofHours(1))"))),
            Map.entry("limits_config.creation_grace_period", List.of(proof(DISTRIBUTOR + "PushValidationTest.java",
                    "rejectOldSamplesMaxAgeAndCreationGracePeriodSetTheAcceptedWindow",
                    "withCreationGracePeriod(Duration.ofHours(2))"))),
            Map.entry("limits_config.max_global_streams_per_user", List.of(proof(INGESTER + "PushRulesTest.java",
                    "aNewStreamBeyondTheTenantLimitIsRefusedWith429Message", "streamLimits(2, 0, 0)"))),
            Map.entry("limits_config.per_stream_rate_limit", List.of(proof(INGESTER + "PushRulesTest.java",
                    "perStreamRateLimitRefusesEntriesBeyondTheBurstWith429Message", "streamLimits(0, 10, 20)"))),
            Map.entry("limits_config.per_stream_rate_limit_burst", List.of(proof(INGESTER + "PushRulesTest.java",
                    "perStreamRateLimitRefusesEntriesBeyondTheBurstWith429Message", "streamLimits(0, 10, 20)"))),
            Map.entry("limits_config.max_entries_limit_per_query", List.of(proof(QUERIER
                    + "TenantQueryLimitsTest.java", "aTenantsOwnLimitAppliesAndOthersKeepTheDefault",
                    "withMaxEntriesLimitPerQuery(10)"))),
            Map.entry("limits_config.max_query_series", List.of(proof(QUERIER + "MetricQueryApiTest.java",
                    "tooManySeriesIsABadRequestWithLokisMessage", "withMaxQuerySeries(1)"))),
            Map.entry("limits_config.max_query_length", List.of(proof(QUERIER + "QueryErrorsApiTest.java",
                    "rangeLongerThanMaxQueryLength", "withMaxQueryLength("))),
            Map.entry("limits_config.query_timeout", List.of(proof(QUERIER + "QueryLimitsAndFormatApiTest.java",
                    "aQueryRunningPastItsTimeoutIsAnsweredWithLokisTimeoutAndStopsReading",
                    "withQueryTimeout(Duration.ofMillis(300))"))),
            Map.entry("limits_config.split_queries_by_interval", List.of(proof(QUERIER + "SplitQueriesTest.java",
                    "splitAnswersEqualWholeAnswersAndPastSplitsAreReusedFromTheCache", "withSplitQueriesByInterval("))),
            Map.entry("limits_config.max_concurrent_tail_requests", List.of(proof(SERVER + "TailTest.java",
                    "eachTenantMayOnlyKeepSoManyTailsOpen", "withMaxConcurrentTailRequests(TAIL_LIMIT)"))),
            Map.entry("limits_config.retention_period", List.of(proof(COMPACTOR + "CompactorTest.java",
                    "retentionRemovesChunksWhoseNewestLineIsOlderThanThePeriod",
                    "withRetentionPeriod(Duration.ofDays(7))"),
                    proof(COMPACTOR + "CompactorTest.java",
                            "eachTenantKeepsItsLinesForItsOwnRetentionPeriodAsItIsAtThePass", "bRetention.set("))),
            Map.entry("limits_config.retention_stream", List.of(proof(COMPACTOR + "CompactorTest.java",
                    "theHighestPriorityStreamRuleWinsOverTheGlobalPeriod", "withRetentionStream("),
                    proof(SERVER + "RetentionTest.java", "aBadRetentionSelectorFailsStartUpWithAClearMessage",
                            "withRetentionStream("))),
            Map.entry("limits_config.volume_max_series", List.of(proof(QUERIER + "VolumeApiTest.java",
                    "moreGroupsThanVolumeMaxSeriesAreRefused", "withVolumeMaxSeries(1)"))),
            Map.entry("limits_config.discover_service_name", List.of(proof(DISTRIBUTOR + "IngestDiscoveryTest.java",
                    "anEmptyCandidateListTurnsServiceNameDiscoveryOff", "withDiscoverServiceName(List.of())"))),
            Map.entry("limits_config.discover_log_levels", List.of(proof(DISTRIBUTOR + "IngestDiscoveryTest.java",
                    "withoutDiscoveryTheLokiPushApiAddsNothing", "withDiscoverLogLevels("))),
            Map.entry("limits_config.allow_structured_metadata", List.of(proof(DISTRIBUTOR
                    + "PushValidationTest.java", "structuredMetadataIsRefusedWhenNotAllowed",
                    "withAllowStructuredMetadata(false)"))),
            Map.entry("limits_config.max_structured_metadata_size", List.of(proof(DISTRIBUTOR
                    + "PushValidationTest.java", "structuredMetadataSizeFollowsMaxStructuredMetadataSize",
                    "withMaxStructuredMetadataSize(10)"))),
            Map.entry("limits_config.max_structured_metadata_entries_count", List.of(proof(DISTRIBUTOR
                    + "PushValidationTest.java", "structuredMetadataCountFollowsMaxStructuredMetadataEntriesCount",
                    "withMaxStructuredMetadataEntriesCount(2)"))),
            Map.entry("limits_config.max_query_memory_bytes", List.of(proof(SERVER + "QueryIsolationTest.java",
                    "aMetricQueryOverItsMemoryBudgetIsRefusedAndAnswersUnderALargerOne",
                    "withMaxQueryMemoryBytes(maxQueryMemoryBytes)"))),
            Map.entry("limits_config.redaction", List.of(proof(SERVER + "RedactionTest.java",
                    "everyDetectorIsMaskedAndNearMissesStay", "withRedaction(rules)"),
                    proof(SERVER + "RedactionTest.java",
                            "theRuntimeOverridesFileGivesEachTenantItsRulesAndAChangeAppliesToTheNextPush",
                            "    redaction:\n"))),
            Map.entry("limits_config.redaction_hash_secret", List.of(proof(SERVER + "RedactionTest.java",
                    "equalValuesHashEquallyAndALineFilterFindsThem", "withRedactionHashSecret("),
                    proof(SERVER + "RedactionTest.java",
                            "aRuleThatCannotRunFailsStartUpAndAnOverridesFileWithOneIsNotApplied",
                            "action hash needs limits_config.redaction_hash_secret")))),
            kafkaProofs(), authProofs(), tlsProofs(), s3Proofs(Settings.COMMON_S3), s3Proofs(Settings.AWS_S3))
            .flatMap(m -> m.entrySet().stream())
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    @Test
    void everyKeyConfigShowsHasATestProvingItIsHonouredOrRefused() {
        TreeSet<String> without = new TreeSet<>();
        for (Setting s : Settings.ALL) if (!PROOFS.containsKey(s.path())) without.add(s.path());
        assertEquals(new TreeSet<>(), without, "keys /config shows with no test proving what they do");
    }

    @Test
    void everyProofNamesAKeyOfTheTable() {
        TreeSet<String> stale = new TreeSet<>(PROOFS.keySet());
        Settings.ALL.forEach(s -> stale.remove(s.path()));
        assertEquals(new TreeSet<>(), stale, "proofs for keys that are no longer settings");
    }

    @Test
    void everyProofIsATestThatSetsItsKey() throws IOException {
        List<String> broken = new ArrayList<>();
        for (var entry : PROOFS.entrySet()) {
            for (Proof p : entry.getValue()) {
                Path file = ROOT.resolve(p.file());
                if (!Files.isRegularFile(file)) {
                    broken.add(entry.getKey() + ": no file " + p.file());
                    continue;
                }
                String text = Files.readString(file);
                if (!text.contains("void " + p.method() + "(")) {
                    broken.add(entry.getKey() + ": no test " + p.method() + " in " + p.file());
                }
                if (!text.contains(p.setsKey())) broken.add(entry.getKey() + ": " + p.file() + " lacks " + p.setsKey());
            }
        }
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }
}
